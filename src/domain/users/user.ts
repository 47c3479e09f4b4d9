/** People with accounts. Readers may comment without one where the site allows it. */
export type Role = "admin" | "editor" | "moderator" | "commenter";

export const ROLES: readonly Role[] = ["admin", "editor", "moderator", "commenter"];

export interface User {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly createdAt: number;
  /** Has the reader proved the address (by the link mailed at sign-up)? */
  readonly emailVerified: boolean;
}

/** Slow, salted password hashing (scrypt), behind a port so the domain stays free of crypto code. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** An invited account's stored password: nothing hashes to it, so nobody signs in before choosing one. */
export const INVITED_PASSWORD = "!invited";
