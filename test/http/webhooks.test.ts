import { Webhook } from "standardwebhooks";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { composeDeps } from "../../src/compose.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { openSqlite } from "../../src/storage/db.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await w?.cleanup();
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A site's real HTTP endpoint; `answer` decides each status. */
async function receiver(answer: (n: number) => number = () => 204) {
  const got: Received[] = [];
  const s = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(answer(got.length)).end();
    });
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  servers.push(s);
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hooks/broadsheet`, got };
}

/**
 * What a receiver does: the Standard Webhooks reference library checks the signature and the
 * timestamp, with the site's secret given as the docs say ("whsec_" + base64 of its bytes).
 */
function verified(r: Received, secret: string): boolean {
  const hook = new Webhook(`whsec_${Buffer.from(secret).toString("base64")}`);
  const headers = { "webhook-id": String(r.headers["webhook-id"]), "webhook-timestamp": String(r.headers["webhook-timestamp"]), "webhook-signature": String(r.headers["webhook-signature"]) };
  try {
    hook.verify(r.body, headers);
    return true;
  } catch {
    return false;
  }
}

async function embedThread(key: string, url: string, host: string): Promise<number> {
  const res = await w.app.inject({ url: `/embed/thread?${new URLSearchParams({ site: key, url, host }).toString()}` });
  return Number(/data-thread-id="(\d+)"/.exec(res.body)?.[1]);
}

describe("webhooks", () => {
  it("tell the site's endpoint, signed, when a comment is created, edited, approved and removed", async () => {
    // The fake clock starts at the real time: receivers refuse timestamps more than five minutes off.
    w = await makeAppWorld({ startAt: Date.now() });
    const hook = await receiver();
    const { site, secret } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"], webhookUrl: hook.url });
    const threadId = await embedThread(site.publicKey, "https://tides.example/story", "https://tides.example");
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Webhook me", authorName: "Ines" } });
    const { comment, editToken } = posted.json() as { comment: { id: number }; editToken: string };
    await w.app.inject({ method: "PATCH", url: `/api/v1/comments/${comment.id}`, headers: { ...SAME_ORIGIN, "x-edit-token": editToken }, payload: { body: "Webhook me, edited" } });
    await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { ...SAME_ORIGIN, "x-edit-token": editToken } });
    await expect.poll(() => hook.got.length).toBe(3);
    await w.deps.dispatcher.runOnce();

    const bodies = hook.got.map((r) => JSON.parse(r.body) as { type: string; data: { comment: { id: number; url: string; bodySource: string | null }; thread: { url: string } } });
    expect(bodies.map((b) => b.type).sort()).toEqual(["comment.created", "comment.edited", "comment.removed"]);
    for (const r of hook.got) expect(verified(r, secret)).toBe(true);
    expect(verified({ ...hook.got[0]!, body: hook.got[0]!.body.replace("Webhook", "Hacked") }, secret)).toBe(false);
    expect(verified(hook.got[0]!, `${secret}x`)).toBe(false);
    const created = bodies.find((b) => b.type === "comment.created");
    expect(created?.data.comment).toMatchObject({ id: comment.id, url: "https://tides.example/story#c-1", bodySource: "Webhook me" });
    expect(new Set(hook.got.map((r) => r.headers["webhook-id"])).size).toBe(3);
    const list = await w.deps.webhooks.listDeliveries(site.id, 10);
    expect(list.map((d) => [d.status, d.lastResult])).toEqual([
      ["delivered", "HTTP 204"],
      ["delivered", "HTTP 204"],
      ["delivered", "HTTP 204"],
    ]);

    // Approval by a moderator of a held comment is "published".
    await w.deps.sites.changeModerationSettings(site.id, (m) => ({ ...m, commentMode: "moderated" }));
    const held = await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Hold me first" } });
    const heldId = (held.json() as { comment: { id: number; status: string } }).comment.id;
    const mod = await signedIn(w, "moderator");
    const approved = await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments/${heldId}/moderation`, headers: SAME_ORIGIN, cookies: mod.cookies, payload: { action: "approve" } });
    expect(approved.statusCode).toBe(200);
    await expect.poll(() => hook.got.map((r) => (JSON.parse(r.body) as { type: string }).type)).toContain("comment.published");
  });

  it("send a comment made while a round is sending without waiting for the next tick", async () => {
    w = await makeAppWorld({ startAt: Date.now() });
    // The endpoint holds its first answer until the second comment is in.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const got: string[] = [];
    const s = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        got.push((JSON.parse(body) as { data: { comment: { bodySource: string } } }).data.comment.bodySource);
        void (got.length === 1 ? held : Promise.resolve()).then(() => res.writeHead(204).end());
      });
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    servers.push(s);
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"], webhookUrl: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hooks` });
    const threadId = await embedThread(site.publicKey, "https://tides.example/story", "https://tides.example");
    const post = (body: string) => w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body } });
    await post("First, while nobody sends");
    await expect.poll(() => got.length).toBe(1);
    await post("Second, while the first is being sent");
    release();
    // No timer runs in this world: only the second comment's own event can start the round that sends it.
    await expect.poll(() => got).toEqual(["First, while nobody sends", "Second, while the first is being sent"]);
  });

  it("retry with backoff, survive a restart, and give up after a day", async () => {
    w = await makeAppWorld();
    const hook = await receiver((n) => (n === 1 ? 500 : 200));
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"], webhookUrl: hook.url });
    const threadId = await embedThread(site.publicKey, "https://tides.example/story", "https://tides.example");
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "First try fails" } });
    await expect.poll(() => hook.got.length).toBe(1);
    await w.deps.dispatcher.runOnce();
    let [d] = await w.deps.webhooks.listDeliveries(site.id, 10);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastResult: "HTTP 500" });
    expect(d!.nextAttemptAt - w.clock.now()).toBe(30_000);
    await w.deps.dispatcher.runOnce();
    expect(hook.got.length).toBe(1); // not due yet
    w.clock.advance(30_001);
    await w.deps.dispatcher.runOnce();
    [d] = await w.deps.webhooks.listDeliveries(site.id, 10);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastResult: "HTTP 200" });
    expect(hook.got[1]?.headers["webhook-id"]).toBe(hook.got[0]?.headers["webhook-id"]);

    // The endpoint is down: the delivery waits in the database, and a new process sends it.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await w.deps.sites.updateSite(site.id, { webhookUrl: `http://127.0.0.1:${port}/gone` });
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Nobody is listening" } });
    await expect.poll(async () => (await w.deps.webhooks.listDeliveries(site.id, 1))[0]?.attempts).toBe(1);
    const waiting = (await w.deps.webhooks.listDeliveries(site.id, 1))[0]!;
    expect(waiting.status).toBe("pending");
    expect(waiting.lastResult).toMatch(/ECONNREFUSED/);
    if (w.sqliteFile) {
      const store = openSqlite(w.sqliteFile);
      const restarted = await composeDeps(w.config, store, { clock: w.clock });
      try {
        for (let i = 0; i < 40; i++) {
          w.clock.advance(3600_000);
          await restarted.dispatcher.runOnce();
        }
        const after = (await restarted.webhooks.listDeliveries(site.id, 1))[0]!;
        expect(after.status).toBe("failed");
        expect(after.attempts).toBeGreaterThan(5);
        expect(after.attempts).toBeLessThan(40);
      } finally {
        await restarted.events.close();
        await store.close();
      }
    }
  });
});
