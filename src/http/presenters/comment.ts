import { anchorOf, numberLabel, type Comment } from "../../domain/comments/comment.js";
import type { ThreadNode } from "../../domain/comments/thread-tree.js";
import type { PublicComment } from "../schemas/comment.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** One comment's public fields; a tombstone keeps only its place (no author, no text). */
export function presentComment(c: Comment, kind: "comment" | "tombstone" = "comment", replyingTo: ThreadNode["replyingTo"] = null): Omit<PublicComment, "replies"> {
  const shown = kind === "comment";
  return {
    id: c.id,
    number: c.numberPath[c.numberPath.length - 1] ?? 0,
    path: numberLabel(c.numberPath),
    anchor: anchorOf(c.numberPath),
    parentId: c.parentId,
    kind,
    // Spam shown to its own writer reads as awaiting moderation: a spammer learns nothing from us.
    status: c.status === "spam" ? (shown ? "pending" : "removed_by_moderator") : c.status,
    authorName: shown ? c.authorName : null,
    authorWebsite: shown ? c.authorWebsite : null,
    authorVerified: shown && c.authorUserId !== null,
    bodyHtml: shown ? c.bodyHtml : null,
    createdAt: iso(c.createdAt),
    editedAt: shown && c.editedAt !== null ? iso(c.editedAt) : null,
    featured: shown && c.status === "published" && c.featuredAt !== null,
    replyingTo: replyingTo ? { path: numberLabel(replyingTo.numberPath), authorName: replyingTo.authorName } : null,
  };
}

/** A visible tree as public JSON, replies nested. */
export function presentTree(nodes: readonly ThreadNode[]): PublicComment[] {
  return nodes.map((n) => ({ ...presentComment(n.comment, n.kind, n.replyingTo), replies: presentTree(n.replies) }));
}
