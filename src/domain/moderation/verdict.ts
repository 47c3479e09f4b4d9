import type { ErrorCode, ReaderText } from "../shared/errors.js";

/**
 * What one screening phase decides about a new comment. "accept" lets the next phase look;
 * "hold" sends it to the moderation queue (later phases still run, to collect every reason);
 * "reject" stops screening. A rejection with a `refusal` is told to the writer and nothing is
 * stored; without one, the comment is filed as spam for moderators to see (and the classifier to
 * learn from), and the writer is told only that it awaits moderation.
 */
export type Verdict =
  | { readonly action: "accept" }
  | { readonly action: "hold"; readonly reason: string }
  | {
      readonly action: "reject";
      readonly reason: string;
      readonly refusal?: Refusal;
    };

export const ACCEPT: Verdict = Object.freeze({ action: "accept" });

export const hold = (reason: string): Verdict => ({ action: "hold", reason });

/** What a writer is told when a phase refuses a comment; `text` is how the interface words it (see ReaderProblem). */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly text?: ReaderText;
}

export const reject = (reason: string, refusal?: Refusal): Verdict =>
  refusal ? { action: "reject", reason, refusal } : { action: "reject", reason };
