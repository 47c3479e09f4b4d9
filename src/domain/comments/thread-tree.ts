import { isPublished, isRemoved, type Comment } from "./comment.js";

/** One comment as a reader sees it: shown in full, or as a tombstone keeping its replies readable. */
export interface ThreadNode {
  readonly comment: Comment;
  /** "comment": shown in full. "tombstone": removed, kept only because replies hang below it. */
  readonly kind: "comment" | "tombstone";
  /** Set when the comment was attached higher than its target because of the depth limit. */
  readonly replyingTo: { readonly numberPath: readonly number[]; readonly authorName: string | null } | null;
  readonly replies: readonly ThreadNode[];
}

export interface TreeOptions {
  /** Whether a held comment (pending, or filed as spam) is shown to this viewer as awaiting moderation: their own. */
  readonly showPending?: (c: Comment) => boolean;
}

/**
 * Builds the visible tree from a flat list of one thread's comments (any order). Every visible
 * comment appears exactly once, siblings ordered by number; a removed comment survives only as a
 * tombstone with at least one visible reply; a comment whose parent is absent is left out.
 */
export function buildThreadTree(comments: readonly Comment[], options: TreeOptions = {}): ThreadNode[] {
  const showPending = options.showPending ?? (() => false);
  const byId = new Map<number, Comment>();
  const children = new Map<number | null, Comment[]>();
  for (const c of comments) {
    byId.set(c.id, c);
    const list = children.get(c.parentId);
    if (list) list.push(c);
    else children.set(c.parentId, [c]);
  }

  const build = (parentId: number | null): ThreadNode[] => {
    const kids = children.get(parentId);
    if (!kids) return [];
    kids.sort((a, b) => lastOf(a.numberPath) - lastOf(b.numberPath));
    const out: ThreadNode[] = [];
    for (const c of kids) {
      const replies = build(c.id);
      const kind = visibleKind(c, replies.length > 0, showPending);
      if (!kind) continue;
      const target = c.replyingToId === null ? undefined : byId.get(c.replyingToId);
      out.push({
        comment: c,
        kind,
        replyingTo: replyingToOf(target),
        replies,
      });
    }
    return out;
  };
  return build(null);
}

/** How a reply attached beside its target names it: its number, and its author while it is shown. */
export function replyingToOf(target: Comment | undefined): ThreadNode["replyingTo"] {
  return target ? { numberPath: target.numberPath, authorName: isPublished(target) ? target.authorName : null } : null;
}

function visibleKind(
  c: Comment,
  hasVisibleReplies: boolean,
  showPending: (c: Comment) => boolean,
): ThreadNode["kind"] | undefined {
  if (isPublished(c)) return "comment";
  if (c.status === "pending" || c.status === "spam") {
    if (showPending(c)) return "comment";
    if (c.status === "pending") return hasVisibleReplies ? "tombstone" : undefined;
  }
  if (isRemoved(c)) return hasVisibleReplies ? "tombstone" : undefined;
  return undefined;
}

function lastOf(path: readonly number[]): number {
  return path[path.length - 1] ?? 0;
}
