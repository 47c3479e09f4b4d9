import type { Comment } from "../comments/comment.js";
import { DomainError, isDomainError } from "../shared/errors.js";
import type { Role } from "../users/user.js";
import type { Ban } from "./ban.js";
import { banCommentAuthor, type ImposeBanDeps } from "./impose-ban.js";
import { featureComment, type FeatureCommentDeps } from "./feature-comment.js";
import { moderateComment, QUEUE_ACTIONS, type ModerateCommentDeps, type QueueAction } from "./moderate-comment.js";

/** Everything staff can do to a comment from the queue: a decision on it, a ban of its author, or (editors) featuring it. */
export type CommentAction = QueueAction | "ban" | "feature" | "unfeature";

export function isCommentAction(v: string): v is CommentAction {
  return v === "ban" || v === "feature" || v === "unfeature" || (QUEUE_ACTIONS as readonly string[]).includes(v);
}

interface ActInput {
  readonly actor: { readonly id: number; readonly role: Role } | null;
  readonly action: string;
  readonly reason?: string | undefined;
  /** For "ban": 1d, 7d, 30d or permanent. */
  readonly duration?: string | undefined;
  /** For "ban": "everywhere" (every site, the default) or "site" (the comment's site only). */
  readonly scope?: string | undefined;
}

/** One action on one comment, whichever kind it is. */
export async function actOnComment(
  deps: ModerateCommentDeps & ImposeBanDeps & FeatureCommentDeps,
  input: ActInput & { readonly commentId: number; readonly threadId: number },
): Promise<{ comment?: Comment; ban?: Ban }> {
  if (!isCommentAction(input.action)) throw new DomainError("invalid_input", "That is not an action on a comment.", "action");
  if (input.action === "ban") return { ban: await banCommentAuthor(deps, { ...input, duration: input.duration ?? "1d" }) };
  if (input.action === "feature" || input.action === "unfeature") return { comment: await featureComment(deps, { ...input, featured: input.action === "feature" }) };
  return { comment: await moderateComment(deps, { ...input, action: input.action }) };
}

/**
 * The same action on several comments (the queue's ticked boxes). Each is its own transaction; a
 * refusal of one is reported and the rest still happen. A single comment's refusal is thrown, so
 * the caller names the problem exactly.
 */
export async function actOnComments(
  deps: ModerateCommentDeps & ImposeBanDeps & FeatureCommentDeps,
  input: ActInput & { readonly comments: ReadonlyArray<{ readonly commentId: number; readonly threadId: number }> },
): Promise<{ done: number; failures: Array<{ commentId: number; message: string }> }> {
  if (input.comments.length === 0) throw new DomainError("invalid_input", "Tick at least one comment first.", "ids");
  if (!isCommentAction(input.action)) throw new DomainError("invalid_input", "That is not an action on a comment.", "action");
  const failures: Array<{ commentId: number; message: string }> = [];
  let done = 0;
  for (const c of input.comments) {
    try {
      await actOnComment(deps, { ...input, ...c });
      done++;
    } catch (err) {
      if (!isDomainError(err) || input.comments.length === 1) throw err;
      failures.push({ commentId: c.commentId, message: err.message });
    }
  }
  return { done, failures };
}
