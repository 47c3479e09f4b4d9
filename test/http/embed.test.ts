import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const HOST = "https://tides.example";
const OTHER = "https://news.example:8443";

async function world() {
  w = await makeAppWorld();
  const { site } = await addSite(w.deps, { name: "Tide Watch", origins: [HOST, OTHER] });
  return site;
}

const frameUrl = (key: string, url: string, extra: Record<string, string> = {}) => `/embed/thread?${new URLSearchParams({ site: key, url, host: HOST, ...extra }).toString()}`;

describe("the embedded discussion's document", () => {
  it("may be framed by exactly the site's origins, and makes one thread per story whatever its tracking parameters", async () => {
    const site = await world();
    const res = await w.app.inject({ url: frameUrl(site.publicKey, `${HOST}/story?utm_source=x&id=3#c`, { title: "Tides <script>alert(1)</script>" }), headers: { referer: `${HOST}/story` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-frame-options"]).toBeUndefined();
    expect(res.headers["content-security-policy"]).toMatch(new RegExp(`frame-ancestors ${HOST} ${OTHER}$`));
    expect(res.body).not.toContain("<script>alert(1)");
    expect(res.body).toContain("Comments: Tides &lt;script>alert(1)&lt;/script>");
    const again = await w.app.inject({ url: frameUrl(site.publicKey, `${HOST.toUpperCase()}:443/story?id=3&fbclid=zz`) });
    expect(/data-thread-id="(\d+)"/.exec(again.body)?.[1]).toBe(/data-thread-id="(\d+)"/.exec(res.body)?.[1]);
    const thread = await w.deps.threads.findPageThread(site.id, `${HOST}/story?id=3`);
    expect(thread?.page?.title).toBe("Tides <script>alert(1)</script>");
    // Our own pages stay unframeable.
    const own = await w.app.inject({ url: "/" });
    expect(own.headers["x-frame-options"]).toBe("DENY");
    expect(own.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("makes no thread for a page elsewhere, an embedder elsewhere or an unknown key", async () => {
    const site = await world();
    const cases = [
      { url: frameUrl(site.publicKey, "https://evil.example/story"), status: 403 },
      { url: frameUrl(site.publicKey, `${HOST}/story`, { host: "https://evil.example" }), status: 403 },
      { url: frameUrl(site.publicKey, `${HOST}/story`), headers: { referer: "https://evil.example/page" }, status: 403 },
      { url: frameUrl("site_nope", `${HOST}/story`), status: 404 },
      { url: frameUrl(site.publicKey, "javascript:alert(1)"), status: 400 },
    ];
    for (const c of cases) {
      const res = await w.app.inject({ url: c.url, headers: c.headers ?? {} });
      expect(res.statusCode, c.url).toBe(c.status);
      expect(res.body).not.toContain("section class=\"discussion\"");
    }
    // Our own blog (site 1) has no origins: its key embeds nothing.
    const own = await w.deps.sites.getSite(1);
    expect((await w.app.inject({ url: frameUrl(own.publicKey, `${HOST}/story`) })).statusCode).toBe(404);
    expect(await w.deps.threads.findPageThread(site.id, `${HOST}/story`)).toBeUndefined();
  });

  it("opens at most BROADSHEET_NEW_PAGES_PER_HOUR new discussions a network an hour: made-up addresses do not fill the database", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_NEW_PAGES_PER_HOUR: "5" } });
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: [HOST] });
    const open = (n: number, remoteAddress = "203.0.113.7") => w.app.inject({ url: frameUrl(site.publicKey, `${HOST}/made-up-${n}`), remoteAddress });
    for (let n = 0; n < 5; n++) expect((await open(n)).statusCode).toBe(200);
    const sixth = await open(5);
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(0);
    expect(sixth.body).not.toContain('section class="discussion"');
    expect(await w.deps.threads.findPageThread(site.id, `${HOST}/made-up-5`)).toBeUndefined();
    // Pages it already opened still show; another network opens its own; an hour later, this one again.
    expect((await open(0)).statusCode).toBe(200);
    expect((await open(5, "198.51.100.20")).statusCode).toBe(200);
    w.clock.advance(3_600_000);
    expect((await open(6)).statusCode).toBe(200);
  });

  it("takes a comment from the plain form and re-renders it with the text kept when refused", async () => {
    const site = await world();
    const page = await w.app.inject({ url: frameUrl(site.publicKey, `${HOST}/story`) });
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(action).toMatch(/^\/embed\/threads\/\d+\/comments\?/);
    const refused = await w.app.inject({ method: "POST", url: action, headers: SAME_ORIGIN, payload: { body: "My view", authorWebsite: "javascript:alert(1)" } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("My view");
    expect(refused.body).toMatch(/aria-invalid/);
    const ok = await w.app.inject({ method: "POST", url: action, headers: SAME_ORIGIN, payload: { body: "My view", authorName: "Ines" } });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toMatch(/^\/embed\/thread\?.*#c-1$/);
    // Back in the frame: the frame's own address as Referer is not an embedder elsewhere.
    const back = await w.app.inject({ url: ok.headers.location as string, headers: { referer: `http://localhost:80${action}` , host: "localhost:80" } });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain("My view");
    const from = await w.app.inject({ method: "POST", url: action, headers: { origin: HOST }, payload: { body: "Forged from the host page" } });
    expect(from.statusCode).toBe(403);
  });
});

describe("the embedding's reading fast path", () => {
  it("answers a frame or counters address the route answered before with the same bytes and checks, before the framework", async () => {
    const site = await world();
    await w.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    const frame = `${base}${frameUrl(site.publicKey, `${HOST}/story`)}`;
    const counts = `${base}/api/v1/embed/counts?site=${site.publicKey}&url=${encodeURIComponent(`${HOST}/story`)}`;
    // The framing may differ (the route compresses on the fly, the fast path once, when ready): the body must not.
    const headersOf = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => !["date", "x-request-id", "keep-alive", "connection", "content-encoding", "content-length", "transfer-encoding"].includes(k)));
    for (const [url, init] of [[frame, { headers: { referer: `${HOST}/story` } }], [counts, { headers: { origin: HOST } }]] as const) {
      const first = await fetch(url, init);
      const second = await fetch(url, init);
      expect(first.headers.get("x-request-id")).not.toBeNull(); // the route
      expect(second.headers.get("x-request-id")).toBeNull(); // the fast path
      expect(headersOf(second)).toEqual(headersOf(first));
      expect(await second.text()).toBe(await first.text());
    }
    // What the route would refuse, the fast path does not answer either.
    const elsewhere = await fetch(frame, { headers: { referer: "https://evil.example/x" } });
    expect(elsewhere.status).toBe(403);
    const evil = await fetch(counts, { headers: { origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the moderation queue with embedded comments", () => {
  it("shows every site's comments to staff, one site's on asking, with the page each was left on", async () => {
    const site = await world();
    await w.deps.sites.changeModerationSettings(site.id, (m) => ({ ...m, commentMode: "moderated" }));
    await w.deps.sites.changeModerationSettings(1, (m) => ({ ...m, commentMode: "moderated" }));
    const post = await w.makePost({ slug: "ours" });
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "On our own post" } });
    const res = await w.app.inject({ url: frameUrl(site.publicKey, `${HOST}/story`, { title: "Tide tables" }) });
    const threadId = Number(/data-thread-id="(\d+)"/.exec(res.body)?.[1]);
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "On the embedded story" } });
    const mod = await signedIn(w, "moderator");
    const all = (await w.app.inject({ url: "/api/v1/moderation/queue?tab=pending", cookies: mod.cookies })).json() as { items: Array<{ comment: { bodySource: string }; page: { url: string; title: string } | null }>; counts: { pending: number } };
    expect(all.items.map((i) => i.comment.bodySource).sort()).toEqual(["On our own post", "On the embedded story"]);
    const one = (await w.app.inject({ url: `/api/v1/moderation/queue?tab=pending&site=${site.id}`, cookies: mod.cookies })).json() as typeof all;
    expect(one.items.map((i) => [i.comment.bodySource, i.page])).toEqual([["On the embedded story", { url: `${HOST}/story`, title: "Tide tables" }]]);
    expect(one.counts.pending).toBe(1);
    const html = await w.app.inject({ url: `/moderation?site=${site.id}`, cookies: mod.cookies });
    expect(html.body).toContain(`href="${HOST}/story#c-1"`);
    expect(html.body).not.toContain("On our own post");
  });
});

describe("counters for a host's index pages", () => {
  it("answer the site's origins only, never any other, and count what readers may see", async () => {
    const site = await world();
    await w.app.inject({ url: frameUrl(site.publicKey, `${HOST}/a`) });
    const a = await w.deps.threads.findPageThread(site.id, `${HOST}/a`);
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${a?.id}/comments`, headers: SAME_ORIGIN, payload: { body: "One" } });
    const q = `/api/v1/embed/counts?site=${site.publicKey}&url=${encodeURIComponent(`${HOST}/a?utm_medium=x`)}&url=${encodeURIComponent(`${HOST}/b`)}`;
    const ok = await w.app.inject({ url: q, headers: { origin: HOST } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe(HOST);
    expect(ok.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(ok.json().pages).toEqual([
      { url: `${HOST}/a?utm_medium=x`, normalised: `${HOST}/a`, comments: 1, views: 0 },
      { url: `${HOST}/b`, normalised: `${HOST}/b`, comments: 0, views: 0 },
    ]);
    const evil = await w.app.inject({ url: q, headers: { origin: "https://evil.example" } });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    expect(evil.headers["content-type"]).toMatch(/application\/problem\+json/);

    // A site whose discussions are hidden shows no comment count (views still count).
    await w.deps.sites.changeModerationSettings(site.id, (m) => ({ ...m, commentMode: "hidden" }));
    // Counters are kept three seconds: every visitor of an index page asks for the same ones.
    expect((await w.app.inject({ url: q, headers: { origin: HOST } })).json().pages[0].comments).toBe(1);
    w.clock.advance(3_000);
    expect((await w.app.inject({ url: q, headers: { origin: HOST } })).json().pages[0].comments).toBeNull();
    const tooMany = await w.app.inject({ url: `/api/v1/embed/counts?site=${site.publicKey}${"&url=x".repeat(51)}`, headers: { origin: HOST } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().field).toBe("url");
  });
});
