import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine } from "../shared/text.js";
import type { UserStore } from "./ports.js";
import { checkNewPassword } from "./check-password.js";
import type { PasswordHasher, Role, User } from "./user.js";

/** Adds an account (from the CLI, the first start, or later the admin pages). */
export async function createUser(
  deps: { users: Pick<UserStore, "findUserByEmail" | "insertUser">; passwords: PasswordHasher; clock: Clock },
  input: { email: string; displayName: string; role: Role; password: string },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new DomainError("invalid_input", "Enter a valid e-mail address.", "email");
  const displayName = cleanLine(input.displayName);
  if (displayName === "") throw new DomainError("invalid_input", "Enter a display name.", "displayName");
  checkNewPassword(input.password);
  if (await deps.users.findUserByEmail(email)) throw new DomainError("conflict", "An account with this e-mail exists.", "email");
  return deps.users.insertUser({ email, displayName, role: input.role, passwordHash: await deps.passwords.hash(input.password), createdAt: deps.clock.now() });
}
