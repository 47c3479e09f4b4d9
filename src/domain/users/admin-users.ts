import type { MailSite } from "../mail/mail.js";
import { normaliseEmail } from "../mail/mail.js";
import type { ModerationStore } from "../moderation/ports.js";
import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { can } from "./policies.js";
import type { AdminUserRow, SessionStore, UserStore } from "./ports.js";
import { checkDisplayName, requestPasswordReset, type ReaderAccountDeps } from "./reader-accounts.js";
import { INVITED_PASSWORD, ROLES, type Role, type User } from "./user.js";
import { actorIdOf, OPERATOR } from "./operator.js";

export { OPERATOR };

/** An invitation's link works this long. */
export const INVITE_DAYS = 7;

type Deps = ReaderAccountDeps & {
  users: Pick<UserStore, "findUserByEmail" | "findUserById" | "isNameTaken" | "insertUser" | "updateUserRole" | "findAdminUser" | "setUserDisabled" | "searchUsers">;
  sessions: Pick<SessionStore, "deleteSessionsOfUser">;
  moderation: Pick<ModerationStore, "log">;
  clock: Clock;
};

function assertAdmin(actor: User | null): asserts actor is User {
  if (!can.manageUsers(actor)) throw new DomainError("forbidden", "Only an admin can manage accounts.");
}

async function target(deps: Pick<Deps, "users">, userId: number): Promise<AdminUserRow> {
  const user = await deps.users.findAdminUser(userId);
  if (!user) throw new DomainError("not_found", "There is no such account.");
  return user;
}

async function audit(deps: Pick<Deps, "moderation" | "clock">, actor: User, detail: string): Promise<void> {
  await deps.moderation.log({ siteId: null, actorId: actorIdOf(actor), action: "account", commentId: null, detail, reason: "", at: deps.clock.now() });
}

/** The last admin who can sign in must stay one: nobody could manage the site otherwise. */
async function assertNotLastAdmin(deps: Pick<Deps, "users">, user: AdminUserRow, what: string): Promise<void> {
  if (user.role !== "admin" || user.disabledAt !== null) return;
  const admins = (await deps.users.searchUsers({ query: "", role: "admin", limit: 1000 })).filter((u) => u.disabledAt === null);
  if (admins.length <= 1) {
    throw new DomainError("conflict", `${user.displayName} is the only admin: ${what} would leave nobody to manage the site.`);
  }
}

/**
 * An admin invites someone by e-mail with a role: the account is made with no usable password and
 * a single-use link to choose one goes out ({@link INVITE_DAYS} days). Logged.
 */
export async function inviteUser(deps: Deps, site: MailSite & { id: number }, input: { actor: User | null; email: string; displayName: string; role: string }): Promise<User> {
  assertAdmin(input.actor);
  const email = normaliseEmail(input.email);
  if (!email) throw new DomainError("invalid_input", "Enter a valid e-mail address.", "email");
  const displayName = checkDisplayName(input.displayName);
  if (!ROLES.includes(input.role as Role)) throw new DomainError("invalid_input", "Choose a role.", "role");
  if (await deps.users.findUserByEmail(email)) throw new DomainError("conflict", `${email} already has an account.`, "email");
  const now = deps.clock.now();
  const user = await deps.users.insertUser({ email, displayName, role: input.role as Role, passwordHash: INVITED_PASSWORD, createdAt: now, emailVerifiedAt: now });
  const token = deps.random.token(32);
  const mail = deps.mailTemplates.invite(site, { displayName, inviter: input.actor.displayName, role: input.role, link: `${site.publicUrl}/account/reset?token=${token}`, days: INVITE_DAYS });
  await deps.accounts.issueToken(
    { tokenHash: deps.hasher.sha256(token), purpose: "reset-password", userId: user.id, subscriptionId: null, email, createdAt: now, expiresAt: now + INVITE_DAYS * 24 * 3600 * 1000 },
    { kind: "invite", siteId: site.id, to: email, ...mail },
  );
  await audit(deps, input.actor, `invited ${email} as ${input.role}`);
  return user;
}

/** The account with this address, for commands that name accounts by address. */
export async function accountByEmail(deps: Pick<Deps, "users">, email: string): Promise<AdminUserRow> {
  const found = await deps.users.findUserByEmail(email.trim().toLowerCase());
  if (!found) throw new DomainError("not_found", `No account for ${email}.`, "email");
  return target(deps, found.id);
}

/** An admin changes an account's role; its sessions end so the new role applies at once. Logged. */
export async function changeUserRole(deps: Deps, input: { actor: User | null; userId: number; role: string }): Promise<void> {
  assertAdmin(input.actor);
  if (!ROLES.includes(input.role as Role)) throw new DomainError("invalid_input", "Choose a role.", "role");
  const user = await target(deps, input.userId);
  if (user.role === input.role) return;
  if (input.role !== "admin") await assertNotLastAdmin(deps, user, "changing the role");
  await deps.users.updateUserRole(user.id, input.role as Role);
  await deps.sessions.deleteSessionsOfUser(user.id);
  await audit(deps, input.actor, `${user.email}: role ${user.role} → ${input.role}`);
}

/** Disables an account (it cannot sign in; its sessions and API tokens stop) or enables it again. Logged. */
export async function setAccountDisabled(deps: Deps, input: { actor: User | null; userId: number; disabled: boolean }): Promise<void> {
  assertAdmin(input.actor);
  const user = await target(deps, input.userId);
  if (input.disabled === (user.disabledAt !== null)) return;
  if (input.disabled) {
    if (user.id === input.actor.id) throw new DomainError("conflict", "You cannot disable your own account.");
    await assertNotLastAdmin(deps, user, "disabling the account");
  }
  await deps.users.setUserDisabled(user.id, input.disabled ? deps.clock.now() : null);
  if (input.disabled) await deps.sessions.deleteSessionsOfUser(user.id);
  await audit(deps, input.actor, `${user.email}: ${input.disabled ? "disabled" : "enabled again"}`);
}

/** An admin sends an account the password-reset link (the same mail as "forgot my password"). Logged. */
export async function sendPasswordResetFor(deps: Deps, site: MailSite & { id: number }, input: { actor: User | null; userId: number }): Promise<void> {
  assertAdmin(input.actor);
  const user = await target(deps, input.userId);
  if (user.disabledAt !== null) throw new DomainError("conflict", "Enable the account first.");
  await requestPasswordReset(deps, site, { email: user.email });
  await audit(deps, input.actor, `${user.email}: password reset link sent`);
}
