import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Comment, CommentStatus } from "../../src/domain/comments/comment.js";
import { buildThreadTree, type ThreadNode } from "../../src/domain/comments/thread-tree.js";

let nextId = 1;
function c(path: number[], parentId: number | null, status: CommentStatus = "published", id = nextId++): Comment {
  return { id, threadId: 1, parentId, numberPath: path, replyingToId: null, authorName: null, authorWebsite: null, authorUserId: null, bodySource: "x", bodyHtml: "<p>x</p>", status, createdAt: id, editedAt: null, featuredAt: null };
}
const paths = (nodes: readonly ThreadNode[]): string[] => nodes.flatMap((n) => [`${n.kind === "tombstone" ? "†" : ""}${n.comment.numberPath.join(".")}`, ...paths(n.replies)]);

describe("buildThreadTree", () => {
  it("nests replies under their parents and orders siblings by number", () => {
    const a = c([1], null);
    const b = c([2], null);
    const a2 = c([1, 2], a.id);
    const a1 = c([1, 1], a.id);
    expect(paths(buildThreadTree([a2, b, a1, a]))).toEqual(["1", "1.1", "1.2", "2"]);
  });

  it("keeps the number of a removed comment without replies skipped", () => {
    const list = [c([1], null), c([2], null), c([3], null, "removed_by_author"), c([4], null)];
    expect(paths(buildThreadTree(list))).toEqual(["1", "2", "4"]);
  });

  it("keeps a removed comment with visible replies as a tombstone", () => {
    const gone = c([7], null, "removed_by_moderator");
    const tree = buildThreadTree([gone, c([7, 1], gone.id)]);
    expect(paths(tree)).toEqual(["†7", "7.1"]);
    expect(tree[0]?.kind).toBe("tombstone");
  });

  it("drops a removed comment whose only replies are removed too", () => {
    const gone = c([1], null, "removed_by_author");
    const reply = c([1, 1], gone.id, "removed_by_author");
    expect(buildThreadTree([gone, reply])).toEqual([]);
  });

  it("hides pending comments unless the viewer may see them", () => {
    const p = c([1], null, "pending");
    expect(buildThreadTree([p])).toEqual([]);
    expect(paths(buildThreadTree([p], { showPending: () => true }))).toEqual(["1"]);
  });

  it("names the comment a depth-capped reply answers", () => {
    const top = c([4], null);
    const mid = c([4, 2], top.id);
    const deep: Comment = { ...c([4, 2, 1], mid.id), authorName: "Mei" };
    const capped: Comment = { ...c([4, 2, 2], mid.id), replyingToId: deep.id };
    const tree = buildThreadTree([top, mid, deep, capped]);
    const node = tree[0]?.replies[0]?.replies[1];
    expect(node?.replyingTo).toEqual({ numberPath: [4, 2, 1], authorName: "Mei" });
  });
});

/** A random thread: each step adds a top-level comment, a reply to an existing one, or removes one. */
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("top" as const) }),
    fc.record({ kind: fc.constant("reply" as const), to: fc.nat() }),
    fc.record({ kind: fc.constant("remove" as const), which: fc.nat() }),
  ),
  { maxLength: 60 },
);

function simulate(steps: fc.Arbitrary<unknown> extends never ? never : Array<{ kind: "top" } | { kind: "reply"; to: number } | { kind: "remove"; which: number }>): Comment[] {
  const list: Comment[] = [];
  let top = 0;
  const children = new Map<number, number>();
  for (const s of steps) {
    if (s.kind === "top" || list.length === 0) {
      list.push(c([++top], null));
    } else if (s.kind === "reply") {
      const parent = list[s.to % list.length] as Comment;
      const n = (children.get(parent.id) ?? 0) + 1;
      children.set(parent.id, n);
      list.push(c([...parent.numberPath, n], parent.id));
    } else {
      const i = s.which % list.length;
      list[i] = { ...(list[i] as Comment), status: "removed_by_author" };
    }
  }
  return list;
}

describe("buildThreadTree properties", () => {
  it("shows every published comment exactly once, tombstones only above visible replies, numbers unique per parent", () => {
    fc.assert(
      fc.property(ops, fc.boolean(), (steps, shuffle) => {
        const list = simulate(steps);
        const input = shuffle ? [...list].reverse() : list;
        const tree = buildThreadTree(input);
        const seen: ThreadNode[] = [];
        const walk = (nodes: readonly ThreadNode[], parentId: number | null) => {
          const numbers = nodes.map((n) => n.comment.numberPath.at(-1));
          expect(new Set(numbers).size).toBe(numbers.length);
          expect([...numbers]).toEqual([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0)));
          for (const n of nodes) {
            expect(n.comment.parentId).toBe(parentId);
            seen.push(n);
            if (n.kind === "tombstone") expect(n.replies.length).toBeGreaterThan(0);
            walk(n.replies, n.comment.id);
          }
        };
        walk(tree, null);
        const published = list.filter((x) => x.status === "published").map((x) => x.id).sort();
        expect(seen.filter((n) => n.kind === "comment").map((n) => n.comment.id).sort()).toEqual(published);
        expect(new Set(seen.map((n) => n.comment.id)).size).toBe(seen.length);
        for (const n of seen) if (n.comment.status !== "published") expect(n.kind).toBe("tombstone");
      }),
      { numRuns: 300 },
    );
  });
});
