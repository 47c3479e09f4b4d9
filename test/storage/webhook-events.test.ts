import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { NewComment } from "../../src/domain/comments/ports.js";
import { sha256Hasher } from "../../src/security/node-crypto.js";
import { WebhookDispatcher } from "../../src/webhooks/dispatcher.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

/**
 * A webhook's event is written in the transaction of the change that causes it: these changes are
 * made through the storage ports alone, so no domain event is ever published for them (as when a
 * node is killed between the commit and its event) — and the site's endpoint still hears of each,
 * once, even when two nodes' dispatchers work on the same events.
 */
describe.each(dialects())("webhook events on %s", (dialect) => {
  let world: World;
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
    await world?.cleanup();
  });

  async function receiver() {
    const got: Array<{ id: string; type: string; commentId: number }> = [];
    const s = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const parsed = JSON.parse(body) as { type: string; data: { comment: { id: number } } };
        got.push({ id: String(req.headers["webhook-id"]), type: parsed.type, commentId: parsed.data.comment.id });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    servers.push(s);
    return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`, got };
  }

  const newComment = (threadId: number, at: number): NewComment => ({
    threadId, parentId: null, replyingToId: null, authorName: "Port Reader", authorWebsite: null, authorUserId: null, bodySource: "Straight to storage",
    bodyHtml: "<p>Straight to storage</p>", status: "published", createdAt: at, editTokenHash: "token-hash", networkHash: "net", fingerprint: null, screening: [], spamScore: null,
  });

  it("reach the endpoint for a comment created, edited, removed and moderated with no domain event, once, from two dispatchers", async () => {
    world = await makeWorld({ dialect, startAt: Date.now() });
    const hook = await receiver();
    const post = await world.makePost();
    const quiet = await world.makePost({ title: "No endpoint here" });
    const mod = await world.makeUser("moderator");

    // Before the site has an endpoint: nothing is written for it.
    await world.deps.comments.insertComment(newComment(quiet.threadId, world.clock.now()));
    expect(await world.deps.webhooks.pendingEvents(10)).toEqual([]);

    await world.store.db.updateTable("sites").set({ webhook_url: hook.url }).where("id", "=", post.siteId).execute();
    const a = await world.deps.comments.insertComment(newComment(post.threadId, world.clock.now()));
    const b = await world.deps.comments.insertComment(newComment(post.threadId, world.clock.now()));
    await world.deps.comments.updateCommentBody(a.id, {
      bodySource: "Edited", bodyHtml: "<p>Edited</p>", editedAt: world.clock.now(), editTokenHash: "token-hash", createdSince: 0, screening: [], spamScore: null, fingerprint: null,
    });
    await world.deps.comments.removeCommentByAuthor(a.id, { editTokenHash: "token-hash", removedAt: world.clock.now() });
    await world.deps.moderation.decide({ commentId: b.id, from: ["published"], to: "spam", actorId: mod.id, action: "spam", reason: "", at: world.clock.now() });
    expect((await world.deps.webhooks.pendingEvents(10)).map((e) => [e.commentId, e.event])).toEqual([
      [a.id, "comment.created"],
      [b.id, "comment.created"],
      [a.id, "comment.edited"],
      [a.id, "comment.removed"],
      [b.id, "comment.removed"],
    ]);

    // Two nodes' dispatchers at once: each event becomes one delivery, sent once.
    const d = world.deps;
    const second = new WebhookDispatcher({
      webhooks: d.webhooks, comments: d.comments, threads: d.threads, sites: d.sites, clock: d.clock, hasher: sha256Hasher, publicUrl: "http://blog.test",
      postUrlOf: async () => "http://blog.test/posts/elsewhere", onError: (err) => { throw err; },
    });
    await Promise.all([world.deps.dispatcher.runOnce(), second.runOnce()]);
    await world.deps.dispatcher.runOnce();
    expect(await world.deps.webhooks.pendingEvents(10)).toEqual([]);
    expect(hook.got.map((g) => [g.commentId, g.type]).sort()).toEqual(
      [
        [a.id, "comment.created"],
        [b.id, "comment.created"],
        [a.id, "comment.edited"],
        [a.id, "comment.removed"],
        [b.id, "comment.removed"],
      ].sort(),
    );
    expect(new Set(hook.got.map((g) => g.id)).size).toBe(5);
    expect(await world.deps.webhooks.listDeliveries(post.siteId, 10)).toHaveLength(5);
  });

  it("tell the endpoint when a deleted account's comments lose their name or become tombstones", async () => {
    world = await makeWorld({ dialect, startAt: Date.now() });
    const hook = await receiver();
    const post = await world.makePost();
    await world.store.db.updateTable("sites").set({ webhook_url: hook.url }).where("id", "=", post.siteId).execute();
    const names = ["Keeps", "Goes"];
    const users = [await world.makeUser("commenter"), await world.makeUser("commenter")];
    const ids: number[] = [];
    for (const [i, u] of users.entries()) {
      ids.push((await world.deps.comments.insertComment({ ...newComment(post.threadId, world.clock.now()), authorUserId: u.id, authorName: names[i] ?? null })).id);
    }
    await world.deps.dispatcher.runOnce();
    const before = hook.got.length;
    await world.deps.readerData.deleteAccount(users[0]!.id, "anonymise", world.clock.now());
    await world.deps.readerData.deleteAccount(users[1]!.id, "remove", world.clock.now());
    await world.deps.dispatcher.runOnce();
    // Deliveries go out concurrently: the order they arrive in is not theirs to keep.
    const got = hook.got.slice(before).map((g) => [g.commentId, g.type] as const);
    expect(got.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [ids[0], "comment.edited"],
      [ids[1], "comment.removed"],
    ]);
  });
});
