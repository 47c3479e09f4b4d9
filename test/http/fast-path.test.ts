import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, SAME_ORIGIN, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());
const UA = (n: number) => `Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.${n}`;
const SAME = ["content-type", "content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "cache-control"];

async function serve() {
  let throughFastify = 0;
  w = await makeAppWorld({
    beforeReady: (app) =>
      app.addHook("onRequest", (_req, _reply, done) => {
        throughFastify++;
        done();
      }),
  });
  await w.app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  return { base, fastifyCalls: () => throughFastify };
}

describe("cached pages served before Fastify", () => {
  it("answers a cached post page with the same bytes and headers, counting the view", async () => {
    const { base, fastifyCalls } = await serve();
    const post = await w.makePost({ title: "Fast" });
    const first = await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(1) } });
    const firstBody = await first.text();
    expect(fastifyCalls()).toBe(1);
    const second = await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(2) } });
    const secondBody = await second.text();
    expect(fastifyCalls()).toBe(1);
    for (const h of SAME) expect(second.headers.get(h), h).toBe(first.headers.get(h));
    const normalise = (html: string) => html.replace(/data-served-at="\d+"/, "").replace(/data-view-count>\d+</, "");
    expect(normalise(secondBody)).toBe(normalise(firstBody));
    expect(firstBody).toMatch(/data-view-count>1</);
    expect(secondBody).toMatch(/data-view-count>2</);
    await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(2) } });
    await fetch(`${base}/posts/${post.slug}`, { method: "HEAD", headers: { "user-agent": UA(3) } });
    expect((await (await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(2) } })).text())).toMatch(/data-view-count>2</);
  });

  it("fills a voted-on page's scores and a new reader's count in the parts it writes, as Fastify would", async () => {
    const { base, fastifyCalls } = await serve();
    const post = await w.makePost({ title: "Scores" });
    const ids: number[] = [];
    for (const body of ["First, voted up twice.", "Second, voted down.", "Third, 中文 and no votes."]) ids.push((await w.makeComment(post, { body })).comment!.id);
    const vote = (id: number, value: number) => fetch(`${base}/api/v1/comments/${id}/vote`, { method: "POST", headers: { ...SAME_ORIGIN, "content-type": "application/json" }, body: JSON.stringify({ value }) });
    const page = async (n: number) => {
      const res = await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(n) } });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!res.headers.get("content-encoding")) expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
      return bytes.toString("utf8");
    };
    const scores = (html: string) => [...html.matchAll(/data-score>(-?\d+)</g)].map((m) => m[1]);
    const rendered = await page(1);
    const calls = fastifyCalls();
    expect(await page(2)).toBe(rendered.replace(/data-view-count>1</, "data-view-count>2<"));
    expect(fastifyCalls()).toBe(calls);
    expect(scores(rendered)).toEqual(["0", "0", "0"]);
    expect((await vote(ids[0]!, 1)).status).toBe(200);
    expect((await vote(ids[1]!, -1)).status).toBe(200);
    const afterVotes = await page(3);
    expect(fastifyCalls()).toBe(calls + 2);
    expect(scores(afterVotes)).toEqual(["1", "-1", "0"]);
    expect(afterVotes).toMatch(/data-view-count>3</);
    expect(afterVotes).toContain("中文");
    expect(afterVotes).not.toContain("\u0000");
  });

  it("answers readers who accept gzip with the same page compressed, never with stale scores", async () => {
    const { base, fastifyCalls } = await serve();
    const post = await w.makePost({ title: "Compressed 压缩" });
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push((await w.makeComment(post, { body: `Comment ${i}: the harbour wall, again, and again. 声东击西` })).comment!.id);
    const get = (n: number, encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
        http.get(`${base}/posts/${post.slug}`, { headers: { "user-agent": UA(n), "accept-encoding": encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) })).on("error", reject);
        });
      });
    const html = async (n: number, accept = "gzip, deflate, br") => {
      const r = await get(n, accept);
      if (r.headers["content-length"] !== undefined) expect(Number(r.headers["content-length"])).toBe(r.bytes.length);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      const encoding = r.headers["content-encoding"];
      const decoded = encoding === "gzip" ? zlib.gunzipSync(r.bytes) : encoding === "br" ? zlib.brotliDecompressSync(r.bytes) : r.bytes;
      return { gzip: encoding === "gzip" && r.headers["content-length"] !== undefined, encoding, text: decoded.toString("utf8"), size: r.bytes.length };
    };
    const first = await html(1);
    expect(first.encoding).toBe("br"); // rendered by Fastify, compressed on the fly as readers prefer
    let n = 2;
    let page = await html(n++);
    for (let tries = 0; !page.gzip && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20)); // compressed on the thread pool
      page = await html(n++);
    }
    expect(page.gzip).toBe(true);
    expect(page.size).toBeLessThan(Buffer.byteLength(page.text) / 4);
    expect(page.text).toBe(first.text.replace(/data-view-count>1</, `data-view-count>${n - 1}<`));
    expect((await html(n++, "identity")).encoding).toBeUndefined();
    expect((await html(n++, "gzip;q=0, deflate")).encoding).toBeUndefined();
    const calls = fastifyCalls();
    // A vote changes a score: the compressed page is not reused; readers get the fresh page
    // uncompressed until it is compressed again (at most once a second), then compressed.
    const vote = await fetch(`${base}/api/v1/comments/${ids[3]}/vote`, { method: "POST", headers: { ...SAME_ORIGIN, "content-type": "application/json" }, body: JSON.stringify({ value: 1 }) });
    expect(vote.status).toBe(200);
    const scores = (text: string) => [...text.matchAll(/data-score>(-?\d+)</g)].map((m) => Number(m[1]));
    const afterVote = await html(n++);
    expect(afterVote.encoding).toBeUndefined();
    expect(scores(afterVote.text)[3]).toBe(1);
    w.clock.advance(1000);
    await html(n++);
    await new Promise((r) => setTimeout(r, 200));
    const recompressed = await html(n++);
    expect(recompressed.gzip).toBe(true);
    expect(scores(recompressed.text)[3]).toBe(1);
    expect(recompressed.text).toContain("声东击西");
    expect(fastifyCalls()).toBe(calls + 1); // the vote: every page above came from the fast path
  });

  it("leaves readers with cookies, queries and stale entries to Fastify", async () => {
    const { base, fastifyCalls } = await serve();
    const post = await w.makePost({ title: "Fast" });
    await fetch(`${base}/`);
    await fetch(`${base}/`);
    expect(fastifyCalls()).toBe(1);
    await fetch(`${base}/?before=${Date.now()}`);
    await fetch(`${base}/posts/${post.slug}`);
    await fetch(`${base}/posts/${post.slug}`, { headers: { cookie: "bs_own=1.abcdefghijklmnopqrstu" } });
    expect(fastifyCalls()).toBe(4);
    w.clock.advance(60_000);
    await fetch(`${base}/`);
    expect(fastifyCalls()).toBe(5);
    await w.makeComment(post);
    const fresh = await (await fetch(`${base}/posts/${post.slug}`)).text();
    expect(fastifyCalls()).toBe(6);
    expect(fresh).toContain('id="c-1"');
  });

  it("answers an address that is not UTF-8 as Fastify does (400) and serves on: nothing before the framework can stop the server", async () => {
    const { base } = await serve();
    const post = await w.makePost({ title: "Still here" });
    await fetch(`${base}/posts/${post.slug}`); // cached: the next reader of a post page takes the fast path
    const port = new URL(base).port;
    // Sent byte for byte (fetch and URL would leave these alone too, but no client may tidy them).
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => http.get({ host: "127.0.0.1", port, path }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject));
    for (const path of ["/posts/%ff", "/posts/%", "/posts/%E0%A4%A", `/posts/${post.slug}%ff`, "/labels/%ff", "/labels/%", "/embed/thread?site=%ff&url=%", "/api/v1/embed/counts?site=%&url=%ff"]) {
      const status = await raw(path);
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
    }
    expect((await fetch(`${base}/posts/${post.slug}`)).status).toBe(200);
  });
});
