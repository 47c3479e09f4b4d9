import type { Hasher } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Comment } from "./comment.js";
import type { CommentStore } from "./ports.js";

/** Loads a comment and checks that the caller holds its author's secret. */
export async function verifyEditToken(
  deps: { comments: Pick<CommentStore, "findComment" | "findEditTokenHash">; hasher: Hasher },
  commentId: number,
  editToken: string,
): Promise<{ comment: Comment; tokenHash: string }> {
  const comment = await deps.comments.findComment(commentId);
  if (!comment) throw new DomainError("not_found", "This comment does not exist.", "commentId").as("commentMissing");
  const stored = await deps.comments.findEditTokenHash(commentId);
  const tokenHash = deps.hasher.sha256(editToken);
  // Both are fixed-length hex digests of a secret, so comparing them leaks nothing useful by timing.
  if (!stored || editToken === "" || stored !== tokenHash) {
    throw new DomainError("invalid_token", "You can only change comments you wrote from this browser.", "editToken").as("notYourComment");
  }
  return { comment, tokenHash };
}
