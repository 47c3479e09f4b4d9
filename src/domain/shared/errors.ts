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

/**
 * The refusals a reader of a discussion can meet, by a stable key: the interface shows each in the
 * discussion's language (src/views/i18n/problems.ts), with these parameters; the English text is
 * the error's own message.
 */
export type ReaderProblem =
  | "bodyEmpty" | "bodyTooLong" | "nameTooLong" | "websiteTooLong" | "websiteNotUrl" | "websiteScheme"
  | "nameRequired" | "nameReserved" | "notifyAddress"
  | "commentMissing" | "notYourComment" | "editWindowClosed" | "alreadyRemoved"
  | "parentMissing" | "parentElsewhere" | "parentRemoved"
  | "discussionMissing" | "threadClosed" | "banned" | "rateLimited"
  | "reportReason" | "reportGone"
  | "votesOff" | "voteValue" | "likesOnly" | "ownVote"
  | "formExpired" | "databaseDown" | "numberOutOfRange" | "valueTooLong" | "internal"
  // A request's shape refused by its schema (the API's own validation), naming the field.
  | "fieldUnknown" | "fieldRequired" | "fieldInvalid" | "requestTooLarge";

export interface ReaderText {
  readonly key: ReaderProblem;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** A refusal by a domain rule; `field` names the input at fault when there is one. */
export class DomainError extends Error {
  /** Set for refusals a reader sees (see ReaderProblem): what the interface translates. */
  text?: ReaderText;

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

  /** Marks the refusal as one a reader sees, for the interface to show in the reader's language. */
  as(key: ReaderProblem, params?: ReaderText["params"]): this {
    this.text = params ? { key, params } : { key };
    return this;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/**
 * Two people had the same post, page or settings open and the second save silently replaced the first. The
 * later save is refused instead (the form keeps its text), and the writer merges by hand.
 */
export function savedMeanwhile(what: "post" | "page" | "settings"): DomainError {
  if (what === "settings") return new DomainError("conflict", "Someone changed these settings after you opened them. Your choices are kept below but not saved: open the settings again to see theirs, and save once more.");
  const again = what === "post" ? "open the post again (its revisions show both)" : "open the page again";
  return new DomainError("conflict", `Someone saved this ${what} after you opened it. Your version is kept below: copy what you need, ${again}, and save once more.`);
}
