import type { Role, User } from "./user.js";

export interface UserStore {
  countUsers(): Promise<number>;
  countUsersWithRole(role: Role): Promise<number>;
  findUserById(id: number): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  listUsers(): Promise<User[]>;
  insertUser(user: { email: string; displayName: string; role: Role; passwordHash: string; createdAt: number }): Promise<User>;
  updateUserRole(id: number, role: Role): Promise<void>;
  updateUserPassword(id: number, passwordHash: string): Promise<void>;
  /**
   * The account of a reader a site signed in (single sign-on), made on first sight with a password
   * no one can use; its name follows the site's. `accountEmail` is the account's own key, never an
   * address the site claims (a site must not take over one of our accounts by naming its e-mail).
   */
  findOrCreateSsoUser(siteId: number, externalId: string, reader: { displayName: string; accountEmail: string }, createdAt: number): Promise<User>;
}

/** Sessions by the hash of their token; the token itself is only ever in the reader's cookie. */
export interface SessionStore {
  insertSession(s: { tokenHash: string; userId: number; createdAt: number; expiresAt: number }): Promise<void>;
  /** The signed-in user, when the session exists and has not expired at `now`. */
  findSessionUser(tokenHash: string, now: number): Promise<User | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOfUser(userId: number): Promise<void>;
}
