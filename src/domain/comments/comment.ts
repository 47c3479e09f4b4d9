/** What a comment is, and the rules about one comment that need no storage. */

export type CommentStatus = "pending" | "published" | "spam" | "removed_by_author" | "removed_by_moderator";

/** A comment as stored. `numberPath` is the chain of numbers from the top-level ancestor, e.g. [4, 2]. */
export interface Comment {
  readonly id: number;
  readonly threadId: number;
  /** Parent comment, or null for a top-level comment. */
  readonly parentId: number | null;
  /** Numbers from the top-level ancestor down to this comment: [4] is #4, [4, 2] is #4.2. */
  readonly numberPath: readonly number[];
  /** The comment this one answers when it was attached higher because the thread is at its depth limit. */
  readonly replyingToId: number | null;
  readonly authorName: string | null;
  readonly authorWebsite: string | null;
  /** The account it was posted from (the name is then the account's), or null for a guest. */
  readonly authorUserId: number | null;
  /** Markdown source as written (normalised). */
  readonly bodySource: string;
  /** Safe HTML rendered from bodySource at write time. */
  readonly bodyHtml: string;
  readonly status: CommentStatus;
  readonly createdAt: number;
  readonly editedAt: number | null;
  /** When an editor featured it (shown at the top of the thread); null: not featured. */
  readonly featuredAt: number | null;
}

/** The depth of a comment: 1 for top-level. */
export function depthOf(c: Pick<Comment, "numberPath">): number {
  return c.numberPath.length;
}

/** "4.2" for display; "c-4-2" for the anchor. */
export function numberLabel(path: readonly number[]): string {
  return path.join(".");
}

export function anchorOf(path: readonly number[]): string {
  return `c-${path.join("-")}`;
}

/** Published comments are shown to everyone. */
export function isPublished(c: Pick<Comment, "status">): boolean {
  return c.status === "published";
}

/** Removed (by author, by moderator, or as spam): shown only as a tombstone when replies hang below. */
export function isRemoved(c: Pick<Comment, "status">): boolean {
  return c.status === "removed_by_author" || c.status === "removed_by_moderator" || c.status === "spam";
}

/** How long after posting an author may still edit. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** Can the author (holding a valid token) still change the text? */
export function canEditComment(c: Pick<Comment, "status" | "createdAt">, now: number): boolean {
  return (c.status === "published" || c.status === "pending") && now - c.createdAt <= EDIT_WINDOW_MS;
}

/** Why the author cannot edit it now, in their words; undefined when they can. */
export function editRefusal(c: Pick<Comment, "status" | "createdAt">, now: number): { code: "comment_removed" | "edit_window_closed"; message: string; key: "alreadyRemoved" | "editWindowClosed" } | undefined {
  if (isRemoved(c)) return { code: "comment_removed", message: "This comment has been removed, so it can no longer be edited.", key: "alreadyRemoved" };
  if (!canEditComment(c, now)) return { code: "edit_window_closed", message: "Comments can only be edited for 15 minutes after posting.", key: "editWindowClosed" };
  return undefined;
}

/** Can the author (holding a valid token) remove it? At any time, unless already removed. */
export function canRemoveComment(c: Pick<Comment, "status">): boolean {
  return c.status === "published" || c.status === "pending";
}

/**
 * Where a reply lands given the site's depth limit: under the target when there is room, otherwise
 * beside it (under the target's parent), remembering whom it answers.
 */
export function placeReply(
  target: Pick<Comment, "id" | "parentId" | "numberPath">,
  maxDepth: number,
): { parentId: number | null; replyingToId: number | null } {
  if (depthOf(target) < maxDepth) return { parentId: target.id, replyingToId: null };
  // At the deepest level the reply becomes a sibling (top-level when maxDepth is 1).
  return { parentId: target.parentId, replyingToId: target.id };
}
