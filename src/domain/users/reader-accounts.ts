import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine } from "../shared/text.js";
import type { RateCounter } from "../moderation/flood-control.js";
import { normaliseEmail, type AccountMailTemplates, type MailSite } from "../mail/mail.js";
import type { AccountStore, UserStore } from "./ports.js";
import { checkNewPassword } from "./check-password.js";
import { nameKey } from "./reserved-names.js";
import { MAX_PASSWORD_LENGTH, type PasswordHasher } from "./user.js";

export const VERIFY_HOURS = 48;
export const RESET_MINUTES = 60;
const MAX_NAME = 60;

export interface ReaderAccountDeps {
  readonly accounts: AccountStore;
  readonly users: Pick<UserStore, "findUserByEmail" | "findUserById" | "isNameTaken">;
  readonly passwords: PasswordHasher;
  readonly mailTemplates: AccountMailTemplates;
  readonly rateCounter: RateCounter;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
  /** How many account mails one address may be sent per hour, whoever asks. */
  readonly mailsPerAddressPerHour: number;
}

/** A fresh single-use token: the link carries it, the database only its hash. */
function newToken(deps: Pick<ReaderAccountDeps, "random" | "hasher">): { token: string; tokenHash: string } {
  const token = deps.random.token(32);
  return { token, tokenHash: deps.hasher.sha256(token) };
}

/**
 * Counts a mail to this address; false once the address has had its share this hour. The caller
 * answers the same either way (and the mail is simply not sent), so the limit tells no one
 * whether an account exists; it stops anyone from flooding an inbox from many networks.
 */
export async function mayMail(deps: Pick<ReaderAccountDeps, "rateCounter" | "clock" | "hasher" | "mailsPerAddressPerHour">, email: string): Promise<boolean> {
  const { count } = await deps.rateCounter.hit(`mail:to:${deps.hasher.sha256(email)}`, 3_600_000, deps.clock.now());
  return count <= deps.mailsPerAddressPerHour;
}

export function checkDisplayName(text: string, field = "displayName"): string {
  const name = cleanLine(text);
  if (name === "") throw new DomainError("invalid_input", "Enter the name to show with your comments.", field);
  if (name.length > MAX_NAME) throw new DomainError("invalid_input", `A name has at most ${MAX_NAME} characters.`, field);
  if (nameKey(name) === "") throw new DomainError("invalid_input", "A name needs at least one letter or digit.", field);
  return name;
}

/**
 * A reader signs up with a name, an address and a password. The answer is the same whether the
 * address has an account or not ("check your inbox"), and costs the same (the password is hashed
 * either way): a new address gets a verification link; a known one gets a note to its owner that
 * someone tried, with a sign-in and a reset link, so nobody learns which addresses have accounts.
 * Names of accounts are reserved: a name another account has (after look-alike folding) is refused.
 */
export async function signUp(deps: ReaderAccountDeps, site: MailSite & { id: number }, input: { displayName: string; email: string; password: string }): Promise<void> {
  const displayName = checkDisplayName(input.displayName);
  const email = normaliseEmail(input.email);
  if (!email) throw new DomainError("invalid_input", "Enter a valid e-mail address.", "email");
  checkNewPassword(input.password);
  // Checked before the address is looked up, so the answer says nothing about the address.
  if (await deps.users.isNameTaken(nameKey(displayName))) throw new DomainError("conflict", "Another account uses this name (or one that looks like it). Choose another.", "displayName");
  const passwordHash = await deps.passwords.hash(input.password);
  const existing = await deps.users.findUserByEmail(email);
  const now = deps.clock.now();
  if (!(await mayMail(deps, email))) return;
  if (existing) {
    const mail = deps.mailTemplates.signUpExists(site, { displayName: existing.displayName, signInLink: `${site.publicUrl}/login`, resetLink: `${site.publicUrl}/account/reset` });
    await deps.accounts.queueMail({ kind: "sign-up-exists", siteId: site.id, to: email, ...mail }, now);
    return;
  }
  const { token, tokenHash } = newToken(deps);
  const mail = deps.mailTemplates.verifyEmail(site, { displayName, link: `${site.publicUrl}/account/verify?token=${token}`, hours: VERIFY_HOURS });
  await deps.accounts.createReader({
    email,
    displayName,
    passwordHash,
    createdAt: now,
    token: { tokenHash, purpose: "verify-email", subscriptionId: null, email, createdAt: now, expiresAt: now + VERIFY_HOURS * 3_600_000 },
    mail: { kind: "verify-email", siteId: site.id, to: email, ...mail },
  });
}

/** A signed-in reader asks for the verification link again. */
export async function resendVerification(deps: ReaderAccountDeps, site: MailSite & { id: number }, userId: number): Promise<void> {
  const user = await deps.users.findUserById(userId);
  if (!user || user.emailVerified || !(await mayMail(deps, user.email))) return;
  const now = deps.clock.now();
  const { token, tokenHash } = newToken(deps);
  const mail = deps.mailTemplates.verifyEmail(site, { displayName: user.displayName, link: `${site.publicUrl}/account/verify?token=${token}`, hours: VERIFY_HOURS });
  await deps.accounts.issueToken(
    { tokenHash, purpose: "verify-email", userId: user.id, subscriptionId: null, email: user.email, createdAt: now, expiresAt: now + VERIFY_HOURS * 3_600_000 },
    { kind: "verify-email", siteId: site.id, to: user.email, ...mail },
  );
}

/** The verification link: once, before it expires, for the address it was sent to. */
export async function verifyEmail(deps: Pick<ReaderAccountDeps, "accounts" | "clock" | "hasher">, token: string): Promise<number> {
  const now = deps.clock.now();
  const used = await deps.accounts.useToken(deps.hasher.sha256(token), "verify-email", now);
  if (!used || used.userId === null || !(await deps.accounts.setEmailVerified(used.userId, used.email, now))) {
    throw new DomainError("not_found", "This link has expired or was used already. Sign in and ask for a new one from your account page.", "token");
  }
  return used.userId;
}

/**
 * "Forgot my password": a reset link (single-use, an hour) goes to the address if it has an
 * account. The answer is the same either way, and so is the work (no password is hashed here).
 */
export async function requestPasswordReset(deps: ReaderAccountDeps, site: MailSite & { id: number }, input: { email: string }): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!email) throw new DomainError("invalid_input", "Enter a valid e-mail address.", "email");
  const user = await deps.users.findUserByEmail(email);
  if (!(await mayMail(deps, email)) || !user || user.passwordHash.startsWith("!sso") || user.disabledAt !== null) return;
  const now = deps.clock.now();
  const { token, tokenHash } = newToken(deps);
  const mail = deps.mailTemplates.resetPassword(site, { displayName: user.displayName, link: `${site.publicUrl}/account/reset?token=${token}`, minutes: RESET_MINUTES });
  await deps.accounts.issueToken(
    { tokenHash, purpose: "reset-password", userId: user.id, subscriptionId: null, email, createdAt: now, expiresAt: now + RESET_MINUTES * 60_000 },
    { kind: "reset-password", siteId: site.id, to: email, ...mail },
  );
}

/** The reset link's form: a new password, once; every session of the account ends. */
export async function completePasswordReset(deps: Pick<ReaderAccountDeps, "accounts" | "passwords" | "clock" | "hasher">, input: { token: string; password: string }): Promise<number> {
  checkNewPassword(input.password.slice(0, MAX_PASSWORD_LENGTH + 1));
  const hash = await deps.passwords.hash(input.password);
  const userId = await deps.accounts.resetPassword(deps.hasher.sha256(input.token), deps.clock.now(), hash);
  if (userId === undefined) throw new DomainError("not_found", "This link has expired or was used already. Ask for a new one.", "token");
  return userId;
}
