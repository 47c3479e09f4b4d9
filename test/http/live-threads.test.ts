import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { makeAppWorld, signedIn, type AppWorld } from "../helpers/app.js";
import { openStream } from "../helpers/sse.js";

describe("live threads (Server-Sent Events)", () => {
  let w: AppWorld | undefined;
  afterEach(async () => w?.cleanup());

  async function serve(options: Parameters<typeof makeAppWorld>[0] = {}) {
    w = await makeAppWorld({ startAt: Date.now(), ...options });
    await w.app.listen({ host: "127.0.0.1", port: 0 });
    return `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  }

  it("streams new, edited and removed comments to a thread's readers, with thread versions as ids", async () => {
    const base = await serve();
    const post = await w!.makePost();
    const thread = await w!.deps.threads.findThread(post.threadId);
    const stream = await openStream(`${base}/api/v1/threads/${post.threadId}/events?since=${thread!.version}`);
    try {
      expect(stream.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(stream.res.headers.get("x-accel-buffering")).toBe("no");
      const posted = await fetch(`${base}/api/v1/threads/${post.threadId}/comments`, { method: "POST", headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, body: JSON.stringify({ body: "Live from the quay" }) });
      const { comment, editToken } = (await posted.json()) as { comment: { id: number }; editToken: string };
      const created = await stream.next("comment");
      expect(JSON.parse(created.data)).toMatchObject({ id: comment.id, path: "1", bodyHtml: "<p>Live from the quay</p>", kind: "comment" });
      expect(Number(created.id)).toBeGreaterThan(thread!.version);

      await fetch(`${base}/api/v1/comments/${comment.id}`, { method: "PATCH", headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", "x-edit-token": editToken }, body: JSON.stringify({ body: "Live from the harbour" }) });
      expect(JSON.parse((await stream.next("comment")).data).bodyHtml).toBe("<p>Live from the harbour</p>");

      await fetch(`${base}/api/v1/comments/${comment.id}`, { method: "DELETE", headers: { "x-edit-token": editToken } });
      expect(JSON.parse((await stream.next("gone")).data)).toMatchObject({ id: comment.id, kind: "tombstone", status: "removed_by_author", bodyHtml: null });
    } finally {
      await stream.close();
    }
  });

  it("tells a reader whose page is older than the thread to resync, and one who is current nothing", async () => {
    const base = await serve();
    const post = await w!.makePost();
    await w!.makeComment(post, { body: "Before you arrived." });
    const current = (await w!.deps.threads.findThread(post.threadId))!.version;
    const stale = await openStream(`${base}/api/v1/threads/${post.threadId}/events`, { "last-event-id": String(current - 1) });
    const fresh = await openStream(`${base}/api/v1/threads/${post.threadId}/events?since=${current}`);
    try {
      expect((await stale.next("resync")).id).toBe(String(current));
      await new Promise((r) => setTimeout(r, 200));
      expect(fresh.events.filter((e) => e.event === "resync")).toEqual([]);
    } finally {
      await stale.close();
      await fresh.close();
    }
  });

  it("tells every reader to resync when the bus reports it may have missed other nodes' events", async () => {
    const base = await serve();
    const [one, two] = [await w!.makePost(), await w!.makePost()];
    const version = async (t: number) => (await w!.deps.threads.findThread(t))!.version;
    const a = await openStream(`${base}/api/v1/threads/${one.threadId}/events?since=${await version(one.threadId)}`);
    const b = await openStream(`${base}/api/v1/threads/${two.threadId}/events?since=${await version(two.threadId)}`);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(a.events.filter((e) => e.event === "resync")).toEqual([]);
      w!.deps.events.publish({ type: "events.gap" });
      await a.next("resync");
      await b.next("resync");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("keeps held comments off the stream until a moderator approves them", async () => {
    const base = await serve();
    const admin = await signedIn(w!, "admin");
    await updateModerationSettings(w!.deps, { actor: admin.user, siteId: 1, changes: { commentMode: "moderated" } });
    const post = await w!.makePost();
    const stream = await openStream(`${base}/api/v1/threads/${post.threadId}/events`);
    try {
      const held = await w!.makeComment(post, { body: "Waiting for a moderator." });
      await new Promise((r) => setTimeout(r, 200));
      expect(stream.events.filter((e) => e.event === "comment")).toEqual([]);
      await moderateComment(w!.deps, { actor: admin.user, commentId: held.comment.id, threadId: post.threadId, action: "approve" });
      expect(JSON.parse((await stream.next("comment")).data)).toMatchObject({ id: held.comment.id, bodyHtml: "<p>Waiting for a moderator.</p>" });
    } finally {
      await stream.close();
    }
  });

  it("sends heartbeats, refuses unknown threads, and ends streams when the server shuts down", async () => {
    w = await makeAppWorld({ startAt: Date.now() });
    await w.app.close();
    const { buildApp } = await import("../../src/http/app.js");
    const built = await buildApp(w.deps, { liveHeartbeatMs: 50 });
    await built.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
    const post = await w.makePost();
    expect((await fetch(`${base}/api/v1/threads/999999/events`)).status).toBe(404);
    const stream = await openStream(`${base}/api/v1/threads/${post.threadId}/events`);
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.heartbeats()).toBeGreaterThanOrEqual(2);
    expect(built.live.size).toBe(1);
    const closing = built.app.close();
    await Promise.race([closing, new Promise((_, reject) => setTimeout(() => reject(new Error("close waited on the stream")), 3000))]);
    await stream.close();
    expect(built.live.size).toBe(0);
  });

  it("lets no network hold every connection: streams over the per-network and total limits are refused with a wait, and a closed one frees its place", async () => {
    const base = await serve({ env: { BROADSHEET_TRUSTED_PROXIES: "127.0.0.1", BROADSHEET_LIVE_STREAMS_PER_NETWORK: "3", BROADSHEET_LIVE_STREAMS_MAX: "5" } });
    const post = await w!.makePost();
    const url = `${base}/api/v1/threads/${post.threadId}/events`;
    const from = (address: string) => openStream(url, { "x-forwarded-for": address });
    const open = [await from("198.51.100.7"), await from("198.51.100.7"), await from("198.51.100.7")];
    try {
      for (const s of open) expect(s.res.status).toBe(200);
      const refused = await fetch(url, { headers: { "x-forwarded-for": "198.51.100.7" } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/your network/);
      // Other networks still stream, up to the total.
      open.push(await from("2001:db8:1:2::a"), await from("2001:db8:1:2::b"));
      for (const s of open) expect(s.res.status).toBe(200);
      const full = await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(full.status).toBe(429);
      expect(((await full.json()) as { detail: string }).detail).toMatch(/Too many readers/);
      await open.shift()!.close();
      // The server learns of the closed stream when its socket closes: ask until it has.
      let again: Response | undefined;
      for (let i = 0; i < 50 && again?.status !== 200; i++) {
        await again?.body?.cancel();
        again = await fetch(url, { headers: { "x-forwarded-for": "198.51.100.7" } });
        if (again.status !== 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(again?.status).toBe(200);
      await again?.body?.cancel();
    } finally {
      for (const s of open) await s.close();
    }
  });
});
