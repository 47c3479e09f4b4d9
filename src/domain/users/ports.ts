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
}

/** Sessions by the hash of their token; the token itself is only ever in the reader's cookie. */
export interface SessionStore {
  insertSession(s: { tokenHash: string; userId: number; createdAt: number; expiresAt: number }): Promise<void>;
  /** The signed-in user, when the session exists and has not expired at `now`. */
  findSessionUser(tokenHash: string, now: number): Promise<User | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOfUser(userId: number): Promise<void>;
}
