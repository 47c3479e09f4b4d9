/** Stable, machine-readable reasons a use case refuses. Mapped to HTTP status in one place. */
export type ErrorCode =
  | "not_found"
  | "invalid_input"
  | "thread_closed"
  | "anonymous_not_allowed"
  | "parent_not_found"
  | "parent_in_other_thread"
  | "invalid_token"
  | "edit_window_closed"
  | "comment_removed"
  | "rate_limited"
  | "conflict"
  | "invalid_credentials"
  | "unauthenticated"
  | "forbidden"
  | "banned"
  | "comment_in_other_thread";

/** A refusal by a domain rule; `field` names the input at fault when there is one. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** For "rate_limited": seconds until another attempt can succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
