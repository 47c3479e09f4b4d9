import type { Comment } from "../comments/comment.js";
import type { CommentStore } from "../comments/ports.js";
import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import { cleanReason } from "./moderator.js";
import type { ModerationStore } from "./ports.js";

export interface FeatureCommentDeps {
  readonly comments: Pick<CommentStore, "findComment">;
  readonly moderation: Pick<ModerationStore, "setFeatured">;
  readonly clock: Clock;
  readonly events: Events;
}

/**
 * An editor features a published comment — it is shown at the top of its thread with a mark, and
 * keeps its number and place below — or stops featuring it. A comment removed later stops showing
 * there by itself (only published comments are shown). In the audit log.
 */
export async function featureComment(
  deps: FeatureCommentDeps,
  input: { actor: { id: number; role: Role } | null; commentId: number; threadId: number; featured: boolean; reason?: string | undefined },
): Promise<Comment> {
  if (!can.featureComments(input.actor) || !input.actor) throw new DomainError("forbidden", "Only editors can feature comments.");
  const reason = cleanReason(input.reason);
  const comment = await deps.comments.findComment(input.commentId);
  if (!comment) throw new DomainError("not_found", "That comment does not exist.", "commentId");
  if (comment.threadId !== input.threadId) throw new DomainError("comment_in_other_thread", "That comment belongs to another discussion.", "threadId");
  if (comment.status !== "published") throw new DomainError("conflict", "Only a published comment can be featured.");
  if ((comment.featuredAt !== null) === input.featured) throw new DomainError("conflict", input.featured ? "This comment is featured already." : "This comment is not featured.");
  const changed = await deps.moderation.setFeatured(comment.id, input.featured, { actorId: input.actor.id, reason, at: deps.clock.now() });
  if (!changed) throw new DomainError("conflict", "Someone changed this comment meanwhile. Reload and look again.");
  deps.events.publish({ type: "comment.moderated", threadId: changed.threadId, commentId: changed.id, status: changed.status });
  return changed;
}
