import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

describe.each(dialects())("flood control on %s", (dialect) => {
  let w: AppWorld;
  afterEach(async () => w?.cleanup());

  it("accepts exactly 5 of 50 parallel posts from one IP against a limit of 5 per minute, answering 429 with Retry-After", async () => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "5" } });
    const post = await w.makePost();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: `Parallel comment number ${i}` }, remoteAddress: "203.0.113.77", headers: SAME_ORIGIN }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5);
    const refused = results.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(45);
    for (const r of refused) {
      expect(r.headers["content-type"]).toContain("application/problem+json");
      const wait = Number(r.headers["retry-after"]);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
    }
    expect(await w.deps.comments.listThreadComments(post.threadId)).toHaveLength(5);
    // Another reader is not affected.
    const other = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: "Someone else" }, remoteAddress: "203.0.113.78", headers: SAME_ORIGIN });
    expect(other.statusCode).toBe(201);
  });

  it("counts malformed bodies too: a flood of garbage is limited like any other", async () => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "3" } });
    const post = await w.makePost();
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, payload: "{not json", remoteAddress: "203.0.113.90" });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([400, 400, 400, 429, 429]);
  });

  it("treats an IPv6 /64 as one client, and other /64s as others", async () => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "2" } });
    const post = await w.makePost();
    const from = (ip: string, i: number) =>
      w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: `From ${ip} ${i}` }, remoteAddress: ip, headers: SAME_ORIGIN });
    const codes = [];
    for (const [i, ip] of ["2001:db8:1:2::1", "2001:db8:1:2::ff", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:3::1"].entries()) codes.push((await from(ip, i)).statusCode);
    expect(codes).toEqual([201, 201, 429, 201]);
  });

  it("believes X-Forwarded-For only from a configured trusted proxy", async () => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1", BROADSHEET_TRUSTED_PROXIES: "10.0.0.1" } });
    const post = await w.makePost();
    const send = (peer: string, xff: string, i: number) =>
      w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: `Forwarded ${i}` }, remoteAddress: peer, headers: { ...SAME_ORIGIN, "x-forwarded-for": xff } });
    // Through the proxy, each forwarded client has its own allowance.
    expect((await send("10.0.0.1", "198.51.100.1", 1)).statusCode).toBe(201);
    expect((await send("10.0.0.1", "198.51.100.2", 2)).statusCode).toBe(201);
    // A client talking to us directly cannot pick a fresh address with the header.
    expect((await send("192.0.2.9", "198.51.100.3", 3)).statusCode).toBe(201);
    expect((await send("192.0.2.9", "198.51.100.4", 4)).statusCode).toBe(429);
  });

  it("limits sign-in attempts per network", async () => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_LOGIN_ATTEMPTS_PER_MINUTE: "3" } });
    const { token, cookies } = await csrfFor(w, "/login");
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const res = await w.app.inject({ method: "POST", url: "/login", headers: SAME_ORIGIN, cookies, payload: { _csrf: token, email: "x@example.test", password: "wrong password!" }, remoteAddress: "192.0.2.20" });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe("the flood gate, over real HTTP", () => {
  let w: AppWorld | undefined;
  afterEach(async () => w?.cleanup());

  it("turns a network that is over its limit away before parsing anything, with the same 429 and Retry-After", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "3" } });
    await w.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    const post = await w.makePost();
    const send = (body: string) =>
      fetch(`${base}/api/v1/threads/${post.threadId}/comments`, { method: "POST", headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, body });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await send(JSON.stringify({ body: `Comment ${i}` }))).status);
    expect(codes).toEqual([201, 201, 201, 429]);
    // Now known to be over the limit: even a body that is not JSON is refused for the flood, not parsed.
    const gated = await send("{not json");
    expect(gated.status).toBe(429);
    expect(gated.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(gated.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await gated.json()) as { code: string }).code).toBe("rate_limited");
    // Reading is not writing: the post page still answers.
    expect((await fetch(`${base}/posts/${post.slug}`)).status).toBe(200);
    // When the window ends, the gate opens again.
    w.clock.advance(60_000);
    expect((await send(JSON.stringify({ body: "Later" }))).status).toBe(201);
  });

  it("knows which requests are limited writes: learnt from the routes as they are registered", async () => {
    w = await makeAppWorld();
    const floodActionOf = (method: string, url: string) => w!.app.floodGate!.actionOf(method, url);
    expect(floodActionOf("POST", "/posts/some-slug/comments")).toBe("comment");
    expect(floodActionOf("POST", "/api/v1/threads/4/comments")).toBe("comment");
    expect(floodActionOf("PATCH", "/api/v1/comments/9")).toBe("comment");
    expect(floodActionOf("POST", "/comments/9/remove")).toBe("comment");
    expect(floodActionOf("POST", "/api/v1/comments/9/reports")).toBe("report");
    expect(floodActionOf("POST", "/login?next=/editor")).toBe("login");
    expect(floodActionOf("GET", "/api/v1/threads/4/comments")).toBeUndefined();
    expect(floodActionOf("POST", "/api/v1/threads/4/views")).toBeUndefined();
    // Routes the hand-written table of old had missed: the embedded widget's sign-in, votes, mails.
    expect(floodActionOf("POST", "/embed/sign-in")).toBe("login");
    expect(floodActionOf("POST", "/comments/9/vote")).toBe("vote");
    expect(floodActionOf("POST", "/signup")).toBe("mail");
    expect(floodActionOf("POST", "/threads/4/follow")).toBe("mail");
  });
});

describe("a reader over the limit, without JavaScript", () => {
  let w: AppWorld | undefined;
  afterEach(async () => w?.cleanup());

  it("gets the form back with their text and the problem named", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1" } });
    const post = await w.makePost();
    const send = (body: string) =>
      w!.app.inject({
        method: "POST",
        url: `/posts/${post.slug}/comments`,
        headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
        payload: new URLSearchParams({ body }).toString(),
        remoteAddress: "192.0.2.30",
      });
    expect((await send("First thoughts.")).statusCode).toBe(303);
    const refused = await send("Second thoughts, carefully typed.");
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toContain("Second thoughts, carefully typed.");
    expect(refused.body).toMatch(/Too many attempts\. Try again in \d+ seconds?\./);
  });
});
