import type { Selectable } from "kysely";
import type { Comment, CommentStatus } from "../../domain/comments/comment.js";
import type { NewComment } from "../../domain/comments/ports.js";
import type { CommentsTable } from "../schema.js";

/** A comment's public columns and how a row becomes the domain's Comment; the new row both dialects insert. */
export const PUBLIC_COLUMNS = [
  "id", "thread_id", "parent_id", "number_path", "replying_to_id", "author_name", "author_website", "author_user_id",
  "body_source", "body_html", "status", "created_at", "edited_at", "featured_at",
] as const;

export type CommentRow = Pick<Selectable<CommentsTable>, (typeof PUBLIC_COLUMNS)[number]>;

export function toComment(r: CommentRow): Comment {
  return {
    id: Number(r.id),
    threadId: Number(r.thread_id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    numberPath: r.number_path.split(".").map(Number),
    replyingToId: r.replying_to_id === null ? null : Number(r.replying_to_id),
    authorName: r.author_name,
    authorWebsite: r.author_website,
    authorUserId: r.author_user_id === null ? null : Number(r.author_user_id),
    bodySource: r.body_source,
    bodyHtml: r.body_html,
    status: r.status as CommentStatus,
    createdAt: Number(r.created_at),
    editedAt: r.edited_at === null ? null : Number(r.edited_at),
    featuredAt: r.featured_at == null ? null : Number(r.featured_at),
  };
}

/** A new comment's stored columns, but for its number and place in the tree. */
export function newCommentRow(c: NewComment) {
  return {
    thread_id: c.threadId,
    parent_id: c.parentId,
    replying_to_id: c.replyingToId,
    author_name: c.authorName,
    author_website: c.authorWebsite,
    author_user_id: c.authorUserId,
    body_source: c.bodySource,
    body_html: c.bodyHtml,
    status: c.status,
    created_at: c.createdAt,
    edited_at: null,
    removed_at: null,
    edit_token_hash: c.editTokenHash,
    original_id: null,
    network_hash: c.networkHash,
    fingerprint: c.fingerprint,
    screening: c.screening.length > 0 ? JSON.stringify(c.screening) : null,
    spam_score: c.spamScore,
  };
}
