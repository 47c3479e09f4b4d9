import type { Clock, Hasher } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { renderCommentMarkdown } from "../markup/render-markdown.js";
import { canEditComment, EDIT_WINDOW_MS, type Comment } from "./comment.js";
import { cleanBody } from "./comment-input.js";
import type { CommentStore } from "./ports.js";
import { verifyEditToken } from "./verify-edit-token.js";

export interface EditCommentDeps {
  readonly comments: Pick<CommentStore, "findComment" | "findEditTokenHash" | "updateCommentBody">;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly events: Events;
}

export interface EditCommentInput {
  readonly commentId: number;
  readonly editToken: string;
  readonly body: string;
}

/** The author changes the text of their comment within the edit window. */
export async function editComment(deps: EditCommentDeps, input: EditCommentInput): Promise<Comment> {
  const { comment, tokenHash } = await verifyEditToken(deps, input.commentId, input.editToken);
  const now = deps.clock.now();
  if (!canEditComment(comment, now)) {
    throw new DomainError("edit_window_closed", "Comments can only be edited for 15 minutes after posting.", "body");
  }
  const body = cleanBody(input.body);
  // The window is re-checked inside the UPDATE, so a request that passed the check above at the last
  // instant still cannot land after the window closed.
  const updated = await deps.comments.updateCommentBody(comment.id, {
    editTokenHash: tokenHash,
    createdSince: now - EDIT_WINDOW_MS,
    bodySource: body,
    bodyHtml: renderCommentMarkdown(body),
    editedAt: now,
  });
  if (!updated) throw new DomainError("edit_window_closed", "This comment can no longer be edited.", "body");
  deps.events.publish({ type: "comment.edited", threadId: updated.threadId, commentId: updated.id });
  return updated;
}
