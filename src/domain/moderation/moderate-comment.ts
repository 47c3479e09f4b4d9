import type { Comment, CommentStatus } from "../comments/comment.js";
import type { CommentStore } from "../comments/ports.js";
import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { linkHostsOf } from "../markup/render-markdown.js";
import { assertModerator, cleanReason } from "./moderator.js";
import type { ModerationStore } from "./ports.js";
import { tokenize } from "./spam-model.js";
import type { Role } from "../users/user.js";

/** What a moderator can do to one comment from the queue. */
export type QueueAction = "approve" | "spam" | "remove" | "restore";

export const QUEUE_ACTIONS: readonly QueueAction[] = ["approve", "spam", "remove", "restore"];

/** Each action: the statuses it starts from, the one it ends in, and what the spam model learns. */
const TRANSITIONS: Record<QueueAction, { from: CommentStatus[]; to: CommentStatus; learn?: "spam" | "ham" }> = {
  approve: { from: ["pending"], to: "published", learn: "ham" },
  spam: { from: ["pending", "published"], to: "spam", learn: "spam" },
  remove: { from: ["pending", "published"], to: "removed_by_moderator" },
  restore: { from: ["spam", "removed_by_moderator"], to: "published", learn: "ham" },
};

export interface ModerateCommentDeps {
  readonly comments: Pick<CommentStore, "findComment">;
  readonly moderation: Pick<ModerationStore, "decide" | "resolveReports" | "countOpenReports">;
  readonly clock: Clock;
  readonly events: Events;
}

export interface ModerateCommentInput {
  readonly actor: { readonly id: number; readonly role: Role } | null;
  readonly commentId: number;
  /** The thread the moderator believes the comment is in; a mismatch is refused. */
  readonly threadId: number;
  readonly action: QueueAction;
  readonly reason?: string | undefined;
}

/**
 * Approve, file as spam, remove (a "removed by a moderator" tombstone) or restore one comment.
 * The status change is conditional in storage, so two moderators clicking at once cannot both
 * apply; the audit entry and the spam model's training commit with it. Approving a published
 * comment that readers reported dismisses the reports.
 */
export async function moderateComment(deps: ModerateCommentDeps, input: ModerateCommentInput): Promise<Comment> {
  assertModerator(input.actor);
  const reason = cleanReason(input.reason);
  const comment = await deps.comments.findComment(input.commentId);
  if (!comment) throw new DomainError("not_found", "That comment does not exist.", "commentId");
  if (comment.threadId !== input.threadId) {
    throw new DomainError("comment_in_other_thread", "That comment belongs to another discussion.", "threadId");
  }
  const t = TRANSITIONS[input.action];
  const at = deps.clock.now();

  if (input.action === "approve" && comment.status === "published") {
    const dismissed = await deps.moderation.resolveReports(comment.id, { actorId: input.actor.id, reason, at });
    if (dismissed === 0) throw new DomainError("conflict", "This comment is already published.");
    return comment;
  }
  if (!t.from.includes(comment.status)) throw refusal(input.action, comment.status);

  const decided = await deps.moderation.decide({
    commentId: comment.id,
    from: t.from,
    to: t.to,
    actorId: input.actor.id,
    action: input.action,
    reason,
    at,
    ...(t.learn ? { training: { tokens: tokenize(comment.bodySource, linkHostsOf(comment.bodySource)), label: t.learn } } : {}),
  });
  if (!decided) throw new DomainError("conflict", "Someone changed this comment meanwhile. Reload and look again.");
  deps.events.publish({ type: "comment.moderated", threadId: decided.threadId, commentId: decided.id, status: decided.status });
  return decided;
}

function refusal(action: QueueAction, status: CommentStatus): DomainError {
  if (status === "removed_by_author") {
    return new DomainError("comment_removed", "The author removed this comment; moderators cannot bring it back or act on it.");
  }
  if (action === "approve" && (status === "spam" || status === "removed_by_moderator")) {
    return new DomainError("comment_removed", "This comment was removed. Restore it instead of approving it.");
  }
  if (action === "restore") return new DomainError("conflict", "Only removed comments and spam can be restored.");
  return new DomainError("comment_removed", "This comment has already been removed.");
}
