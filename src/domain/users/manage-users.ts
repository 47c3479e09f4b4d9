import type { Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { checkNewPassword } from "./check-password.js";
import type { SessionStore, UserStore } from "./ports.js";
import type { PasswordHasher, User } from "./user.js";

type Deps = {
  users: Pick<UserStore, "findUserByEmail" | "updateUserPassword">;
  sessions: Pick<SessionStore, "deleteSessionsOfUser">;
  passwords: PasswordHasher;
  random: Random;
};

async function getUser(deps: Pick<Deps, "users">, email: string): Promise<User> {
  const found = await deps.users.findUserByEmail(email.trim().toLowerCase());
  if (!found) throw new DomainError("not_found", `No account for ${email}.`, "email");
  const { passwordHash: _secret, ...user } = found;
  return user;
}

/** An admin resets a password: a new random one (returned once) and every session ended. */
export async function resetUserPassword(deps: Deps, input: { email: string }): Promise<{ user: User; password: string }> {
  const user = await getUser(deps, input.email);
  const password = deps.random.token(15);
  checkNewPassword(password);
  await deps.users.updateUserPassword(user.id, await deps.passwords.hash(password));
  await deps.sessions.deleteSessionsOfUser(user.id);
  return { user, password };
}
