import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { normaliseEmail, type AccountMailTemplates, type MailSite } from "../mail/mail.js";
import type { AccountStore, UserStore } from "./ports.js";
import { checkDisplayName, VERIFY_HOURS } from "./reader-accounts.js";
import { nameKey } from "./reserved-names.js";
import { MAX_PASSWORD_LENGTH, type PasswordHasher, type User } from "./user.js";

/** Everything we hold about a reader, as "download my data" gives it. */
export interface ReaderData {
  readonly account: { id: number; email: string; displayName: string; role: string; createdAt: number; emailVerifiedAt: number | null };
  readonly comments: ReadonlyArray<{ id: number; number: string; discussion: { post: string; title: string } | { page: string; title: string }; text: string; status: string; createdAt: number; editedAt: number | null }>;
  readonly subscriptions: ReadonlyArray<{ id: number; threadId: number; commentId: number | null; confirmed: boolean; createdAt: number }>;
}

/** What happens to a deleted account's comments: they stay as "Anonymous", or become tombstones. */
export type CommentsAfterDeletion = "anonymise" | "remove";

export interface ReaderDataStore {
  collect(userId: number): Promise<ReaderData | undefined>;
  rename(userId: number, displayName: string): Promise<void>;
  isNameTakenByOther(nameKey: string, userId: number): Promise<boolean>;
  /** Sets the proved new address (false: another account has it now). */
  changeEmail(userId: number, email: string, now: number): Promise<boolean>;
  deleteAccount(userId: number, comments: CommentsAfterDeletion, now: number): Promise<number[]>;
}

export interface ReaderDataDeps {
  readonly readerData: ReaderDataStore;
  readonly accounts: AccountStore;
  readonly users: Pick<UserStore, "findUserByEmail">;
  readonly passwords: PasswordHasher;
  readonly mailTemplates: AccountMailTemplates;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
}

async function checkPassword(deps: Pick<ReaderDataDeps, "users" | "passwords">, user: User, password: string): Promise<void> {
  const found = await deps.users.findUserByEmail(user.email);
  if (!found || !(await deps.passwords.verify(password.slice(0, MAX_PASSWORD_LENGTH), found.passwordHash))) throw new DomainError("invalid_credentials", "That is not your current password.", "password");
}

/** A new display name: the same rules as at sign-up; another account's name (or a look-alike) is refused. Past comments keep the name they were posted under. */
export async function renameAccount(deps: Pick<ReaderDataDeps, "readerData">, user: User, name: string): Promise<string> {
  const displayName = checkDisplayName(name);
  if (await deps.readerData.isNameTakenByOther(nameKey(displayName), user.id)) throw new DomainError("conflict", "Another account uses this name (or one that looks like it). Choose another.", "displayName");
  await deps.readerData.rename(user.id, displayName);
  return displayName;
}

/**
 * A new address takes effect once proved: a link goes to it (the current password is asked
 * first); the account keeps its old address until the link is used. Whether another account has
 * the new address is not said here; the link will not work then.
 */
export async function requestEmailChange(deps: ReaderDataDeps, site: MailSite & { id: number }, user: User, input: { email: string; password: string }): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!email) throw new DomainError("invalid_input", "Enter a valid e-mail address.", "email");
  await checkPassword(deps, user, input.password);
  if (email === user.email) return;
  const now = deps.clock.now();
  const token = deps.random.token(32);
  const mail = deps.mailTemplates.verifyEmail(site, { displayName: user.displayName, link: `${site.publicUrl}/account/email?token=${token}`, hours: VERIFY_HOURS });
  await deps.accounts.issueToken(
    { tokenHash: deps.hasher.sha256(token), purpose: "change-email", userId: user.id, subscriptionId: null, email, createdAt: now, expiresAt: now + VERIFY_HOURS * 3_600_000 },
    { kind: "verify-email", siteId: site.id, to: email, ...mail },
  );
}

export async function confirmEmailChange(deps: Pick<ReaderDataDeps, "accounts" | "readerData" | "clock" | "hasher">, token: string): Promise<number> {
  const now = deps.clock.now();
  const used = await deps.accounts.useToken(deps.hasher.sha256(token), "change-email", now);
  if (!used || used.userId === null || !(await deps.readerData.changeEmail(used.userId, used.email, now))) {
    throw new DomainError("not_found", "This link has expired, was used already, or the address now belongs to another account.", "token");
  }
  return used.userId;
}

/**
 * "Delete my account", with the current password. The reader chooses what becomes of their
 * comments; staff accounts are closed by an admin instead (they hold posts and decisions).
 */
export async function deleteAccount(deps: Pick<ReaderDataDeps, "readerData" | "users" | "passwords" | "clock">, user: User, input: { password: string; comments: string }): Promise<number[]> {
  if (user.role !== "commenter") throw new DomainError("forbidden", "Staff accounts are closed by an admin, so that posts and decisions keep their author.");
  if (input.comments !== "anonymise" && input.comments !== "remove") throw new DomainError("invalid_input", "Choose what becomes of your comments.", "comments");
  await checkPassword(deps, user, input.password);
  return deps.readerData.deleteAccount(user.id, input.comments, deps.clock.now());
}

export async function downloadReaderData(deps: Pick<ReaderDataDeps, "readerData">, user: User): Promise<ReaderData> {
  const data = await deps.readerData.collect(user.id);
  if (!data) throw new DomainError("not_found", "There is no such account.");
  return data;
}
