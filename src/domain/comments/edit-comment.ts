import type { Clock, Hasher } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { renderComment } from "../markup/render-markdown.js";
import { editRefusal, EDIT_WINDOW_MS, type Comment } from "./comment.js";
import { cleanBody } from "./comment-input.js";
import type { CommentStore } from "./ports.js";
import { hashNetwork } from "../moderation/network.js";
import { fingerprintHash } from "../moderation/phases/duplicate-text.js";
import { getWritableDiscussion } from "../threads/find-discussion.js";
import { screenComment, type ScreenCommentDeps } from "../moderation/screen-comment.js";
import type { SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import { verifyEditToken } from "./verify-edit-token.js";

export interface EditCommentDeps extends ScreenCommentDeps {
  readonly comments: Pick<CommentStore, "findComment" | "findEditTokenHash" | "updateCommentBody">;
  readonly threads: Pick<ThreadStore, "findThreadWithPost">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly events: Events;
  readonly networkSecret: string;
}

export interface EditCommentInput {
  readonly commentId: number;
  readonly editToken: string;
  readonly body: string;
  /** The editing client's address: edits are screened like new comments. */
  readonly clientAddress: string;
}

/** The author changes the text of their comment within the edit window. */
export async function editComment(deps: EditCommentDeps, input: EditCommentInput): Promise<Comment> {
  const { comment, tokenHash } = await verifyEditToken(deps, input.commentId, input.editToken);
  const now = deps.clock.now();
  const refusal = editRefusal(comment, now);
  if (refusal) throw new DomainError(refusal.code, refusal.message, "body").as(refusal.key);
  const body = cleanBody(input.body);
  // An edit is screened like a new comment: posting something harmless and then editing a link
  // dump into it must not get past the phases.
  const { thread, site, ownMode } = await getWritableDiscussion(deps, comment.threadId);
  const networkHash = hashNetwork(deps.hasher, deps.networkSecret, input.clientAddress);
  const rendered = renderComment(body);
  const fingerprint = fingerprintHash(deps.hasher, body);
  const outcome = await screenComment(deps, {
    body,
    linkHosts: rendered.linkHosts,
    fingerprint,
    honeypot: "",
    threadMode: thread.mode,
    heldByPost: ownMode === "moderated",
    author: comment.authorUserId !== null ? { userId: comment.authorUserId } : { networkHash },
    networkHash,
    emailDomain: null,
    authorIsStaff: false,
    settings: site.moderation,
    siteId: site.id,
    exceptCommentId: comment.id,
  });
  // The window is re-checked inside the UPDATE, so a request that passed the check above at the last
  // instant still cannot land after the window closed.
  const updated = await deps.comments.updateCommentBody(comment.id, {
    editTokenHash: tokenHash,
    createdSince: now - EDIT_WINDOW_MS,
    bodySource: body,
    bodyHtml: rendered.html,
    editedAt: now,
    // A clean edit keeps the comment's status; a held or rejected one takes it out of view.
    ...(outcome.status === "published" ? {} : { status: outcome.status }),
    screening: outcome.reasons,
    spamScore: outcome.spamProbability,
    fingerprint,
  });
  if (!updated) throw new DomainError("edit_window_closed", "This comment can no longer be edited.", "body").as("editWindowClosed");
  deps.events.publish({ type: "comment.edited", threadId: updated.threadId, commentId: updated.id });
  return updated;
}
