/** People with accounts. Readers may comment without one where the site allows it. */
export type Role = "admin" | "editor" | "moderator" | "commenter";

export interface User {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly createdAt: number;
}

/** Slow, salted password hashing (scrypt), behind a port so the domain stays free of crypto code. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const MIN_PASSWORD_LENGTH = 12;
