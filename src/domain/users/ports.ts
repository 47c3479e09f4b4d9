import type { OutgoingMail } from "../mail/mail.js";
import type { Role, User } from "./user.js";

export interface UserStore {
  countUsers(): Promise<number>;
  countUsersWithRole(role: Role): Promise<number>;
  findUserById(id: number): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<(User & { passwordHash: string; disabledAt: number | null }) | undefined>;
  listUsers(): Promise<User[]>;
  /** `emailVerifiedAt` defaults to `createdAt` (an account an admin made); a reader who signs up starts with null. */
  insertUser(user: { email: string; displayName: string; role: Role; passwordHash: string; createdAt: number; emailVerifiedAt?: number | null }): Promise<User>;
  /** Does an account have a display name with this key (reserved-names.ts)? */
  isNameTaken(nameKey: string): Promise<boolean>;
  updateUserRole(id: number, role: Role): Promise<void>;
  /** The admins' list: accounts whose name or address contains `query` (any case), newest first. */
  searchUsers(input: { query: string; limit: number; role?: Role | undefined }): Promise<AdminUserRow[]>;
  findAdminUser(id: number): Promise<AdminUserRow | undefined>;
  /** Disables (at a time) or re-enables (null) an account. */
  setUserDisabled(id: number, at: number | null): Promise<void>;
  updateUserPassword(id: number, passwordHash: string): Promise<void>;
  /**
   * The account of a reader a site signed in (single sign-on), made on first sight with a password
   * no one can use; its name follows the site's. `accountEmail` is the account's own key, never an
   * address the site claims (a site must not take over one of our accounts by naming its e-mail).
   */
  findOrCreateSsoUser(siteId: number, externalId: string, reader: { displayName: string; accountEmail: string }, createdAt: number): Promise<User>;
}

/** An account as the admins' console shows it. */
export interface AdminUserRow extends User {
  readonly disabledAt: number | null;
  /** Comments posted from the account. */
  readonly comments: number;
  /** An invited account whose password is not chosen yet. */
  readonly invited: boolean;
}

/** Sessions by the hash of their token; the token itself is only ever in the reader's cookie. */
export interface SessionStore {
  insertSession(s: { tokenHash: string; userId: number; createdAt: number; expiresAt: number }): Promise<void>;
  /** The signed-in user, when the session exists and has not expired at `now`. */
  findSessionUser(tokenHash: string, now: number): Promise<User | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOfUser(userId: number): Promise<void>;
}

export type TokenPurpose = "verify-email" | "reset-password" | "confirm-subscription" | "change-email";

/** A single-use link's token, as stored: its hash only. */
export interface MailToken {
  readonly tokenHash: string;
  readonly purpose: TokenPurpose;
  readonly userId: number | null;
  readonly subscriptionId: number | null;
  readonly email: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Account writes that must land together with their mail (one transaction each). */
export interface AccountStore {
  /** A reader who signed up: the account (unverified), its verification token and mail. */
  createReader(input: { email: string; displayName: string; passwordHash: string; createdAt: number; token: Omit<MailToken, "userId">; mail: OutgoingMail }): Promise<User>;
  /** A token and the mail that carries its link; earlier unused tokens of the same purpose for the user stop working. */
  issueToken(token: MailToken, mail: OutgoingMail): Promise<void>;
  /** A mail that carries no token. */
  queueMail(mail: OutgoingMail, now: number): Promise<void>;
  /** Uses a token once: the token, if it existed, was unused and had not expired at `now`. */
  useToken(tokenHash: string, purpose: TokenPurpose, now: number): Promise<MailToken | undefined>;
  /** Marks the address verified, if it is still the account's address. */
  setEmailVerified(userId: number, email: string, now: number): Promise<boolean>;
  /** Uses a reset token, sets the new password and ends every session of the account, in one transaction. */
  resetPassword(tokenHash: string, now: number, passwordHash: string): Promise<number | undefined>;
}
