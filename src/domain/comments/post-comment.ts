import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import type { Thread } from "../threads/thread.js";
import type { ThreadStore } from "../threads/ports.js";
import type { PostStore } from "../posts/ports.js";
import { renderComment } from "../markup/render-markdown.js";
import { emailDomainOf } from "../moderation/ban.js";
import { effectiveMode } from "../moderation/comment-mode.js";
import { hashNetwork } from "../moderation/network.js";
import { fingerprintHash } from "../moderation/phases/duplicate-text.js";
import { screenComment, type ScreenCommentDeps } from "../moderation/screen-comment.js";
import type { Role } from "../users/user.js";
import { can } from "../users/policies.js";
import { isPublished, placeReply, type Comment } from "./comment.js";
import { cleanAuthorFields } from "./comment-input.js";
import type { CommentStore } from "./ports.js";

export interface PostCommentDeps extends ScreenCommentDeps {
  readonly comments: Pick<CommentStore, "findComment" | "insertComment">;
  readonly threads: Pick<ThreadStore, "findThread">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly posts: Pick<PostStore, "findPostByThreadId">;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
  readonly events: Events;
  /** Key for hashing client networks. */
  readonly networkSecret: string;
}

export interface PostCommentInput {
  readonly threadId: number;
  /** The comment being answered; absent for a top-level comment. */
  readonly parentId?: number | undefined;
  readonly body: string;
  readonly authorName?: string | undefined;
  readonly authorWebsite?: string | undefined;
  /** The client's IP address (from a trusted proxy's header, or the peer). */
  readonly clientAddress: string;
  /** The form's hidden honeypot field, as received. */
  readonly honeypot?: string | undefined;
  /** The signed-in account posting, if any: its display name replaces any typed name. */
  readonly account?: { readonly userId: number; readonly displayName: string; readonly role: Role; readonly email: string } | undefined;
  /**
   * Sample content and imports from another system: stored as published, without screening,
   * as it stood where it came from. Never set from a reader's request.
   */
  readonly imported?: boolean | undefined;
}

export interface PostedComment {
  readonly comment: Comment;
  /** The secret that lets the author edit (for 15 minutes) or remove the comment. Shown once. */
  readonly editToken: string;
}

/** A reader posts a comment or a reply: validated, screened, numbered and stored. */
export async function postComment(deps: PostCommentDeps, input: PostCommentInput): Promise<PostedComment> {
  const thread = await deps.threads.findThread(input.threadId);
  if (!thread) throw new DomainError("not_found", "This discussion does not exist.", "threadId");
  const site = await deps.sites.getSite(thread.siteId);
  const now = deps.clock.now();
  const mode = effectiveMode(thread.mode, site.moderation, await openedAt(deps, thread, site.moderation.autoCloseDays), now);
  if (mode !== "open" && mode !== "moderated") throw new DomainError("thread_closed", "This discussion is closed to new comments.");
  const fields = cleanAuthorFields({ ...input, authorName: input.account?.displayName ?? input.authorName });
  if (!site.allowAnonymous && fields.authorName === null) {
    throw new DomainError("anonymous_not_allowed", "Please give a name to comment on this site.", "authorName");
  }
  const placement = input.parentId === undefined ? { parentId: null, replyingToId: null } : await placeUnder(deps, thread, input.parentId, site.maxDepth);

  const networkHash = hashNetwork(deps.hasher, deps.networkSecret, input.clientAddress);
  const rendered = renderComment(fields.body);
  const fingerprint = fingerprintHash(deps.hasher, fields.body);
  const outcome = input.imported
    ? { status: "published" as const, reasons: [], spamProbability: null }
    : await screenComment(deps, {
        body: fields.body,
        linkHosts: rendered.linkHosts,
        fingerprint,
        honeypot: input.honeypot ?? "",
        threadMode: mode,
        author: input.account ? { userId: input.account.userId } : { networkHash },
        networkHash,
        emailDomain: emailDomainOf(input.account?.email),
        authorIsStaff: input.account ? can.moderateComments({ role: input.account.role }) : false,
        settings: site.moderation,
      });

  const editToken = deps.random.token(24);
  const comment = await deps.comments.insertComment({
    threadId: thread.id,
    ...placement,
    authorName: fields.authorName,
    authorWebsite: fields.authorWebsite,
    authorUserId: input.account?.userId ?? null,
    bodySource: fields.body,
    bodyHtml: rendered.html,
    status: outcome.status,
    createdAt: now,
    editTokenHash: deps.hasher.sha256(editToken),
    networkHash,
    fingerprint,
    screening: outcome.reasons,
    spamScore: outcome.spamProbability,
  });
  deps.events.publish({ type: "comment.created", threadId: thread.id, commentId: comment.id });
  return { comment, editToken };
}

/** When the discussion opened (its post's publication), looked up only when the site auto-closes. */
export async function openedAt(deps: Pick<PostCommentDeps, "posts">, thread: Thread, autoCloseDays: number): Promise<number | null> {
  if (autoCloseDays === 0) return null;
  const post = await deps.posts.findPostByThreadId(thread.id);
  return post?.publishedAt ?? thread.createdAt;
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
