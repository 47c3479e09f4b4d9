import { isId } from "../shared/ids.js";
import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import type { Thread } from "../threads/thread.js";
import type { ThreadStore } from "../threads/ports.js";
import { renderComment } from "../markup/render-markdown.js";
import { emailDomainOf } from "../moderation/ban.js";
import { getWritableDiscussion } from "../threads/find-discussion.js";
import { hashNetwork } from "../moderation/network.js";
import { fingerprintHash } from "../moderation/phases/duplicate-text.js";
import { screenComment, type ScreenCommentDeps } from "../moderation/screen-comment.js";
import type { Role } from "../users/user.js";
import type { UserStore } from "../users/ports.js";
import { nameKey } from "../users/reserved-names.js";
import { can } from "../users/policies.js";
import { isPublished, placeReply, type Comment } from "./comment.js";
import { cleanAuthorFields } from "./comment-input.js";
import { replyingToOf, type ThreadNode } from "./thread-tree.js";
import type { CommentStore } from "./ports.js";

export interface PostCommentDeps extends ScreenCommentDeps {
  readonly comments: Pick<CommentStore, "findComment" | "insertComment">;
  readonly threads: Pick<ThreadStore, "findThreadWithPost">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly users: Pick<UserStore, "isNameTaken">;
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
  /** Whom it answers when the depth limit attached it beside its target, as the thread shows it. */
  readonly replyingTo: ThreadNode["replyingTo"];
  /** The secret that lets the author edit (for 15 minutes) or remove the comment. Shown once. */
  readonly editToken: string;
}

/** A reader posts a comment or a reply: validated, screened, numbered and stored. */
export async function postComment(deps: PostCommentDeps, input: PostCommentInput): Promise<PostedComment> {
  const { thread, site, ownMode } = await getWritableDiscussion(deps, input.threadId);
  const mode = thread.mode;
  const now = deps.clock.now();
  const fields = cleanAuthorFields({ ...input, authorName: input.account?.displayName ?? input.authorName });
  if (!site.allowAnonymous && fields.authorName === null) {
    throw new DomainError("anonymous_not_allowed", "Please give a name to comment on this site.", "authorName").as("nameRequired");
  }
  // Names of accounts (staff and registered readers) are theirs: a guest cannot post as one, nor as a look-alike.
  if (!input.account && !input.imported && fields.authorName !== null && (await deps.users.isNameTaken(nameKey(fields.authorName)))) {
    throw new DomainError("conflict", "This name belongs to an account. Sign in to use it, or choose another name.", "authorName").as("nameReserved");
  }
  const target = input.parentId === undefined ? undefined : await findParent(deps, thread, input.parentId);
  const placement = target ? placeReply(target, site.maxDepth) : { parentId: null, replyingToId: null };

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
        heldByPost: ownMode === "moderated",
        author: input.account ? { userId: input.account.userId } : { networkHash },
        networkHash,
        emailDomain: emailDomainOf(input.account?.email),
        authorIsStaff: input.account ? can.moderateComments({ role: input.account.role }) : false,
        settings: site.moderation,
        siteId: site.id,
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
  return { comment, editToken, replyingTo: placement.replyingToId === null ? null : replyingToOf(target) };
}

/** The comment being answered, which must be a published comment of this thread. */
async function findParent(deps: Pick<PostCommentDeps, "comments">, thread: Thread, parentId: number): Promise<Comment> {
  const parent = isId(parentId) ? await deps.comments.findComment(parentId) : undefined;
  if (!parent) throw new DomainError("parent_not_found", "The comment you are replying to does not exist.", "parentId").as("parentMissing");
  if (parent.threadId !== thread.id) {
    throw new DomainError("parent_in_other_thread", "The comment you are replying to belongs to another discussion.", "parentId").as("parentElsewhere");
  }
  if (!isPublished(parent)) {
    throw new DomainError("comment_removed", "The comment you are replying to has been removed.", "parentId").as("parentRemoved");
  }
  return parent;
}
