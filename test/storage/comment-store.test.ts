import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { removeComment } from "../../src/domain/comments/remove-comment.js";
import { buildThreadTree, type ThreadNode } from "../../src/domain/comments/thread-tree.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

describe.each(dialects())("comments on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  it("numbers top-level comments 1, 2, 3 and replies within their parent", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const one = await world.makeComment(post);
    const two = await world.makeComment(post);
    const r1 = await world.makeComment(post, { parentId: one.comment.id });
    const r2 = await world.makeComment(post, { parentId: one.comment.id });
    const rr = await world.makeComment(post, { parentId: r2.comment.id });
    expect([one, two, r1, r2, rr].map((x) => x.comment.numberPath.join("."))).toEqual(["1", "2", "1.1", "1.2", "1.2.1"]);
  });

  it("never reuses the number of a removed comment", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    await world.makeComment(post);
    const doomed = await world.makeComment(post);
    await removeComment(world.deps, { commentId: doomed.comment.id, editToken: doomed.editToken });
    const next = await world.makeComment(post);
    expect(next.comment.numberPath).toEqual([3]);
    const tree = buildThreadTree(await world.deps.comments.listThreadComments(post.threadId));
    expect(tree.map((n) => n.comment.numberPath[0])).toEqual([1, 3]);
  });

  it("keeps the thread's comment count equal to its visible comments", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const a = await world.makeComment(post);
    await world.makeComment(post, { parentId: a.comment.id });
    await removeComment(world.deps, { commentId: a.comment.id, editToken: a.editToken });
    const thread = await world.deps.threads.findThread(post.threadId);
    expect(thread?.commentCount).toBe(1);
    expect(thread?.version).toBe(3);
  });

  it("edits only with the right token hash and inside the window", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const { comment } = await world.makeComment(post, { body: "before" });
    const hash = (await world.deps.comments.findEditTokenHash(comment.id)) as string;
    const change = { bodySource: "after", bodyHtml: "<p>after</p>", editedAt: world.clock.now(), screening: [], spamScore: null, fingerprint: null };
    expect(await world.deps.comments.updateCommentBody(comment.id, { ...change, editTokenHash: "0".repeat(64), createdSince: 0 })).toBeUndefined();
    expect(await world.deps.comments.updateCommentBody(comment.id, { ...change, editTokenHash: hash, createdSince: comment.createdAt + 1 })).toBeUndefined();
    const edited = await world.deps.comments.updateCommentBody(comment.id, { ...change, editTokenHash: hash, createdSince: comment.createdAt });
    expect(edited?.bodySource).toBe("after");
    expect(edited?.editedAt).toBe(change.editedAt);
  });

  it("pages a thread by whole top-level comments", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    for (let i = 0; i < 5; i++) {
      const top = await world.makeComment(post);
      await world.makeComment(post, { parentId: top.comment.id });
    }
    const first = await world.deps.comments.listThreadPage(post.threadId, 0, 2);
    expect(first.nextCursor).toBe(2);
    expect(first.comments.map((c) => c.numberPath.join("."))).toEqual(["1", "1.1", "2", "2.1"]);
    const last = await world.deps.comments.listThreadPage(post.threadId, 4, 2);
    expect(last.nextCursor).toBeNull();
    expect(last.comments.map((c) => c.numberPath.join("."))).toEqual(["5", "5.1"]);
  });

  it("stores nothing, not even the author's tally, when the thread or the parent has gone", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const first = await world.makeComment(post, { clientAddress: "203.0.113.50" });
    const snapshot = async () => ({
      stats: await world.store.db.selectFrom("author_stats").selectAll().orderBy("author_key").execute(),
      thread: await world.deps.threads.findThread(post.threadId),
      comments: (await world.deps.comments.listThreadComments(post.threadId)).length,
    });
    const before = await snapshot();
    const row = {
      authorName: null, authorWebsite: null, authorUserId: null, bodySource: "x", bodyHtml: "<p>x</p>", status: "published" as const,
      createdAt: world.clock.now(), editTokenHash: "h", networkHash: "net-of-the-test", fingerprint: null, screening: [], spamScore: null,
    };
    await expect(world.deps.comments.insertComment({ ...row, threadId: 999_999, parentId: null, replyingToId: null })).rejects.toThrow();
    await expect(world.deps.comments.insertComment({ ...row, threadId: post.threadId, parentId: first.comment.id + 999, replyingToId: null })).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it("keeps numbering unique when many comments arrive at once", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const parent = await world.makeComment(post);
    await Promise.all(Array.from({ length: 30 }, (_, i) => world.makeComment(post, i % 2 ? { parentId: parent.comment.id } : {})));
    const all = await world.deps.comments.listThreadComments(post.threadId);
    const paths = all.map((c) => c.numberPath.join("."));
    expect(new Set(paths).size).toBe(31);
    expect(all.filter((c) => c.parentId === null).map((c) => c.numberPath[0]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});

describe("numbering through the use cases, for any sequence of posts, replies and removals (SQLite)", () => {
  it("shows every visible comment once, keeps numbers unique and unchanged, and tombstones removed parents", async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("top" as const) }),
      fc.record({ kind: fc.constant("reply" as const), to: fc.nat() }),
      fc.record({ kind: fc.constant("remove" as const), which: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const world = await makeWorld({ maxDepth: 3 });
        try {
          const post = await world.makePost();
          const posted: Array<{ id: number; token: string; path: string }> = [];
          for (const s of steps) {
            const live = posted.filter((p) => p.token !== "");
            if (s.kind === "top" || live.length === 0) {
              const r = await world.makeComment(post);
              posted.push({ id: r.comment.id, token: r.editToken, path: r.comment.numberPath.join(".") });
            } else if (s.kind === "reply") {
              const target = live[s.to % live.length]!; // live is non-empty here
              const r = await world.makeComment(post, { parentId: target.id });
              posted.push({ id: r.comment.id, token: r.editToken, path: r.comment.numberPath.join(".") });
            } else {
              const victim = live[s.which % live.length]!; // live is non-empty here
              await removeComment(world.deps, { commentId: victim.id, editToken: victim.token });
              victim.token = "";
            }
          }
          const stored = await world.deps.comments.listThreadComments(post.threadId);
          // numbers never change after assignment, and are unique
          for (const p of posted) expect(stored.find((c) => c.id === p.id)?.numberPath.join(".")).toBe(p.path);
          expect(new Set(stored.map((c) => c.numberPath.join("."))).size).toBe(stored.length);
          const seen: ThreadNode[] = [];
          const walk = (nodes: readonly ThreadNode[]) => nodes.forEach((n) => (seen.push(n), walk(n.replies)));
          walk(buildThreadTree(stored));
          const visible = posted.filter((p) => p.token !== "").map((p) => p.id).sort((a, b) => a - b);
          expect(seen.filter((n) => n.kind === "comment").map((n) => n.comment.id).sort((a, b) => a - b)).toEqual(visible);
          for (const n of seen) if (n.kind === "tombstone") expect(n.replies.length).toBeGreaterThan(0);
          const thread = await world.deps.threads.findThread(post.threadId);
          expect(thread?.commentCount).toBe(visible.length);
        } finally {
          await world.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
