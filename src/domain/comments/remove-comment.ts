import type { Hasher } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { canRemoveComment, type Comment } from "./comment.js";
import type { CommentStore } from "./ports.js";
import { verifyEditToken } from "./verify-edit-token.js";
import { getVisibleDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";

export interface RemoveCommentDeps extends FindDiscussionDeps {
  readonly comments: Pick<CommentStore, "findComment" | "findEditTokenHash" | "removeCommentByAuthor">;
  readonly hasher: Hasher;
  readonly events: Events;
}

/** The author removes their comment. Its number stays taken; replies keep it as a tombstone. */
export async function removeComment(deps: RemoveCommentDeps, input: { commentId: number; editToken: string }): Promise<Comment> {
  const { comment, tokenHash } = await verifyEditToken(deps, input.commentId, input.editToken);
  // An author may take a comment back from a closed discussion, not from one readers cannot see.
  await getVisibleDiscussion(deps, comment.threadId, "commentId");
  if (!canRemoveComment(comment)) throw new DomainError("comment_removed", "This comment has already been removed.").as("alreadyRemoved");
  const removed = await deps.comments.removeCommentByAuthor(comment.id, { editTokenHash: tokenHash, removedAt: deps.clock.now() });
  if (!removed) throw new DomainError("comment_removed", "This comment has already been removed.").as("alreadyRemoved");
  deps.events.publish({ type: "comment.removed", threadId: removed.threadId, commentId: removed.id });
  return removed;
}
