import type { User } from "./user.js";

/**
 * The `broadsheet` command acts as the machine's operator: every admin right, logged as the
 * command line (no account).
 */
export const OPERATOR: User = Object.freeze({ id: 0, email: "", displayName: "the command line", role: "admin", createdAt: 0, emailVerified: true });

/** Who an audit entry names: an account, or nobody for the command line. */
export function actorIdOf(actor: Pick<User, "id">): number | null {
  return actor === OPERATOR ? null : actor.id;
}
