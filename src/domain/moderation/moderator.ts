import { DomainError } from "../shared/errors.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";

/** The signed-in person acting on the queue. */
export interface Moderator {
  readonly id: number;
  readonly role: Role;
}

/** Refuses anyone the policy does not let moderate. */
export function assertModerator(actor: { role: Role } | null): asserts actor is Moderator {
  if (!can.moderateComments(actor)) throw new DomainError("forbidden", "Only moderators can do that.");
}

/** A reason typed by a moderator: one line, at most 500 characters. */
export function cleanReason(raw: string | undefined): string {
  const reason = (raw ?? "").replace(/\s+/g, " ").trim();
  if ([...reason].length > 500) throw new DomainError("invalid_input", "A reason can be at most 500 characters.", "reason");
  return reason;
}
