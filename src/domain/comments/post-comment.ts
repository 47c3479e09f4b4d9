import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import { canAcceptComments, type Thread } from "../threads/thread.js";
import type { ThreadStore } from "../threads/ports.js";
import { renderCommentMarkdown } from "../markup/render-markdown.js";
import { isPublished, placeReply, type Comment } from "./comment.js";
import { cleanAuthorFields } from "./comment-input.js";
import type { CommentStore } from "./ports.js";

export interface PostCommentDeps {
  readonly comments: Pick<CommentStore, "findComment" | "insertComment">;
  readonly threads: Pick<ThreadStore, "findThread">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
  readonly events: Events;
}

export interface PostCommentInput {
  readonly threadId: number;
  /** The comment being answered; absent for a top-level comment. */
  readonly parentId?: number | undefined;
  readonly body: string;
  readonly authorName?: string | undefined;
  readonly authorWebsite?: string | undefined;
  /** The signed-in account posting, if any: its display name replaces any typed name. */
  readonly account?: { readonly userId: number; readonly displayName: string } | undefined;
}

export interface PostedComment {
  readonly comment: Comment;
  /** The secret that lets the author edit (for 15 minutes) or remove the comment. Shown once. */
  readonly editToken: string;
}

/** A reader posts a comment or a reply. */
export async function postComment(deps: PostCommentDeps, input: PostCommentInput): Promise<PostedComment> {
  const thread = await deps.threads.findThread(input.threadId);
  if (!thread) throw new DomainError("not_found", "This discussion does not exist.", "threadId");
  if (!canAcceptComments(thread)) throw new DomainError("thread_closed", "This discussion is closed to new comments.");
  const site = await deps.sites.getSite(thread.siteId);
  const fields = cleanAuthorFields({ ...input, authorName: input.account?.displayName ?? input.authorName });
  if (!site.allowAnonymous && fields.authorName === null) {
    throw new DomainError("anonymous_not_allowed", "Please give a name to comment on this site.", "authorName");
  }
  const placement = input.parentId === undefined ? { parentId: null, replyingToId: null } : await placeUnder(deps, thread, input.parentId, site.maxDepth);

  const editToken = deps.random.token(24);
  const comment = await deps.comments.insertComment({
    threadId: thread.id,
    ...placement,
    authorName: fields.authorName,
    authorWebsite: fields.authorWebsite,
    authorUserId: input.account?.userId ?? null,
    bodySource: fields.body,
    bodyHtml: renderCommentMarkdown(fields.body),
    status: thread.mode === "moderated" ? "pending" : "published",
    createdAt: deps.clock.now(),
    editTokenHash: deps.hasher.sha256(editToken),
  });
  deps.events.publish({ type: "comment.created", threadId: thread.id, commentId: comment.id });
  return { comment, editToken };
}

async function placeUnder(
  deps: Pick<PostCommentDeps, "comments">,
  thread: Thread,
  parentId: number,
  maxDepth: number,
): Promise<{ parentId: number | null; replyingToId: number | null }> {
  const parent = await deps.comments.findComment(parentId);
  if (!parent) throw new DomainError("parent_not_found", "The comment you are replying to does not exist.", "parentId");
  if (parent.threadId !== thread.id) {
    throw new DomainError("parent_in_other_thread", "The comment you are replying to belongs to another discussion.", "parentId");
  }
  if (!isPublished(parent)) {
    throw new DomainError("comment_removed", "The comment you are replying to has been removed.", "parentId");
  }
  return placeReply(parent, maxDepth);
}
