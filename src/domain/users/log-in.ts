import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { SessionStore, UserStore } from "./ports.js";
import { startSession } from "./start-session.js";
import { slowTargetedAttempts, type FloodLimits, type RateCounter } from "../moderation/flood-control.js";
import { MAX_PASSWORD_LENGTH, type PasswordHasher, type User } from "./user.js";

export interface LogInDeps {
  readonly rateCounter: RateCounter;
  readonly floodLimits: FloodLimits;
  readonly users: Pick<UserStore, "findUserByEmail">;
  readonly sessions: Pick<SessionStore, "insertSession" | "deleteSession">;
  readonly passwords: PasswordHasher;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
}

// A real scrypt hash of a random password: verifying against it for an unknown e-mail costs the
// same as for a known one, so timing does not tell which addresses have accounts.
let decoy: Promise<string> | undefined;

/**
 * Signs a user in and starts a new session (a previous session on this browser is ended: the token
 * rotates on every sign-in). Wrong e-mail and wrong password get the same answer.
 */
export async function logIn(
  deps: LogInDeps,
  input: { email: string; password: string; previousToken?: string | undefined },
): Promise<{ user: User; token: string; expiresAt: number }> {
  const email = input.email.trim().toLowerCase();
  const password = input.password.slice(0, MAX_PASSWORD_LENGTH);
  // Counted per address typed, known or not, so the answer cannot tell which addresses exist.
  await slowTargetedAttempts(deps, deps.hasher.sha256(`email:${email}`));
  const found = await deps.users.findUserByEmail(email);
  decoy ??= deps.passwords.hash(deps.random.token(16));
  const ok = await deps.passwords.verify(password, found?.passwordHash ?? (await decoy));
  if (!found || !ok) throw new DomainError("invalid_credentials", "Wrong e-mail or password.", "email");
  // Told only to someone who knows the password: it reveals nothing to anyone guessing.
  if (found.disabledAt !== null) throw new DomainError("forbidden", "This account is disabled. Ask an admin of the site.", "email");
  const session = await startSession(deps, { userId: found.id, previousToken: input.previousToken });
  const { passwordHash: _secret, disabledAt: _disabled, ...user } = found;
  return { user, ...session };
}
