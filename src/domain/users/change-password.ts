import { DomainError } from "../shared/errors.js";
import { checkNewPassword } from "./check-password.js";
import type { SessionStore, UserStore } from "./ports.js";
import type { PasswordHasher, User } from "./user.js";

/** A signed-in user changes their password; every session ends (the caller signs them in afresh). */
export async function changePassword(
  deps: { users: Pick<UserStore, "findUserByEmail" | "updateUserPassword">; sessions: Pick<SessionStore, "deleteSessionsOfUser">; passwords: PasswordHasher },
  input: { user: User; currentPassword: string; newPassword: string },
): Promise<void> {
  const found = await deps.users.findUserByEmail(input.user.email);
  if (!found || !(await deps.passwords.verify(input.currentPassword, found.passwordHash))) {
    throw new DomainError("invalid_credentials", "Your current password is not right.", "currentPassword");
  }
  checkNewPassword(input.newPassword, "newPassword");
  await deps.users.updateUserPassword(found.id, await deps.passwords.hash(input.newPassword));
  await deps.sessions.deleteSessionsOfUser(found.id);
}
