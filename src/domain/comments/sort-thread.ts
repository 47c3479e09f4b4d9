import { wilsonLowerBound } from "../votes/vote.js";
import type { ThreadNode } from "./thread-tree.js";

/** How a reader orders a discussion's top-level comments; replies stay in the order they were written. */
export type ThreadSort = "oldest" | "newest" | "best" | "replies";
export const THREAD_SORTS: readonly ThreadSort[] = ["oldest", "newest", "best", "replies"];
export const isThreadSort = (v: unknown): v is ThreadSort => typeof v === "string" && (THREAD_SORTS as readonly string[]).includes(v);

function replyCount(n: ThreadNode): number {
  return n.replies.reduce((sum, r) => sum + 1 + replyCount(r), 0);
}

/**
 * Oldest is the numbered reading order (the default). Newest reverses it. Best ranks by the lower
 * bound of the Wilson score interval of up and down votes; most replies by the size of the whole
 * sub-thread. Ties keep the numbered order, so every ordering is stable and repeatable.
 */
export function sortThread(nodes: readonly ThreadNode[], sort: ThreadSort, scores: ReadonlyMap<number, { up: number; down: number }> = new Map()): readonly ThreadNode[] {
  if (sort === "oldest") return nodes;
  const byNumber = (a: ThreadNode, b: ThreadNode) => (a.comment.numberPath[0] ?? 0) - (b.comment.numberPath[0] ?? 0);
  if (sort === "newest") return [...nodes].sort((a, b) => byNumber(b, a));
  const key = new Map<ThreadNode, number>();
  for (const n of nodes) {
    const s = scores.get(n.comment.id);
    key.set(n, sort === "best" ? (s ? wilsonLowerBound(s.up, s.down) : 0) : replyCount(n));
  }
  return [...nodes].sort((a, b) => (key.get(b) ?? 0) - (key.get(a) ?? 0) || byNumber(a, b));
}
