import { DomainError } from "../shared/errors.js";
import { checkNewPassword } from "./check-password.js";
import type { Clock } from "../shared/deps.js";
import { slowTargetedAttempts, type FloodLimits, type RateCounter } from "../moderation/flood-control.js";
import type { SessionStore, UserStore } from "./ports.js";
import type { PasswordHasher, User } from "./user.js";

/** A signed-in user changes their password; every session ends (the caller signs them in afresh). */
export async function changePassword(
  deps: {
    users: Pick<UserStore, "findUserByEmail" | "updateUserPassword">;
    sessions: Pick<SessionStore, "deleteSessionsOfUser">;
    passwords: PasswordHasher;
    rateCounter: RateCounter;
    floodLimits: FloodLimits;
    clock: Clock;
  },
  input: { user: User; currentPassword: string; newPassword: string },
): Promise<void> {
  // A stolen session guessing the current password is slowed like a spray at the sign-in form.
  await slowTargetedAttempts(deps, `user:${input.user.id}`);
  const found = await deps.users.findUserByEmail(input.user.email);
  if (!found || !(await deps.passwords.verify(input.currentPassword, found.passwordHash))) {
    throw new DomainError("invalid_credentials", "Your current password is not right.", "currentPassword");
  }
  checkNewPassword(input.newPassword, "newPassword");
  await deps.users.updateUserPassword(found.id, await deps.passwords.hash(input.newPassword));
  await deps.sessions.deleteSessionsOfUser(found.id);
}
