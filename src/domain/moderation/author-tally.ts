import type { CommentStatus } from "../comments/comment.js";

/**
 * The tally rule: what one comment in a status adds to its author's record — [published,
 * rejected]. Spam and removal by a moderator count against an author; removal by the author
 * does not. Storage keeps the tallies (storage/author-stats.ts), changed with every status change.
 */
export function contribution(status: CommentStatus | string | null | undefined): [number, number] {
  return [status === "published" ? 1 : 0, status === "spam" || status === "removed_by_moderator" ? 1 : 0];
}
