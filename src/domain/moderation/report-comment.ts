import type { Comment } from "../comments/comment.js";
import type { CommentStore } from "../comments/ports.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { getVisibleDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";
import type { AuthorRef } from "./author.js";
import { authorKey } from "./author.js";
import type { ModerationStore } from "./ports.js";
import { isReportReason, REPORT_REASONS } from "./report.js";

export interface ReportCommentDeps extends FindDiscussionDeps {
  readonly comments: Pick<CommentStore, "findComment">;
  readonly moderation: Pick<ModerationStore, "addReport" | "holdForReview">;
  readonly events: Events;
}

/**
 * A reader reports a published comment. One report per reader per comment counts (a second is
 * accepted and ignored, and the reader is told the same thing either way: nobody learns about
 * other readers' reports). Once enough distinct readers reported it, the comment is hidden until a
 * moderator looks.
 */
export async function reportComment(
  deps: ReportCommentDeps,
  input: { commentId: number; reason: string; reporter: AuthorRef },
): Promise<{ readonly comment: Comment; readonly hidden: boolean }> {
  if (!isReportReason(input.reason)) {
    throw new DomainError("invalid_input", `Choose a reason: ${Object.values(REPORT_REASONS).join(", ").toLowerCase()}.`, "reason").as("reportReason");
  }
  const comment = await deps.comments.findComment(input.commentId);
  if (!comment) throw new DomainError("not_found", "That comment does not exist.", "commentId").as("commentMissing");
  if (comment.status !== "published") throw new DomainError("comment_removed", "This comment is no longer shown, so it cannot be reported.").as("reportGone");
  // Reports count only where readers can see the comment (a closed discussion's comments can still be reported).
  const { site } = await getVisibleDiscussion(deps, comment.threadId, "commentId");
  const at = deps.clock.now();
  const { openReports } = await deps.moderation.addReport({ commentId: comment.id, reporterKey: authorKey(input.reporter), reason: input.reason, at });
  if (openReports < site.moderation.reportsToHide) return { comment, hidden: false };
  const held = await deps.moderation.holdForReview(comment.id, `reported by ${openReports} readers`, at);
  if (held) deps.events.publish({ type: "comment.moderated", threadId: held.threadId, commentId: held.id, status: held.status });
  return { comment: held ?? comment, hidden: held !== undefined };
}
