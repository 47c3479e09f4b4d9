import { afterEach, describe, expect, it } from "vitest";
import { sortThread } from "../../src/domain/comments/sort-thread.js";
import { wilsonLowerBound } from "../../src/domain/votes/vote.js";
import { updateSite } from "../../src/domain/sites/manage-sites.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("votes", () => {
  it.each(dialects())("one vote per reader per comment, even fifty at once; changeable, removable, never on one's own (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_VOTES_PER_MINUTE: "100000" } });
    const post = await w.makePost();
    const { comment } = await w.makeComment(post, { body: "Vote on me." });
    const vote = (value: number, extra: Record<string, unknown> = {}) =>
      w!.app.inject({ method: "POST", url: `/api/v1/comments/${comment!.id}/vote`, headers: { ...SAME_ORIGIN, "user-agent": FIREFOX }, payload: { value }, remoteAddress: "198.51.100.20", ...extra });
    const parallel = await Promise.all(Array.from({ length: 50 }, () => vote(1)));
    expect(parallel.every((r) => r.statusCode === 200)).toBe(true);
    expect((await w.deps.comments.findComment(comment!.id)) && (await w.deps.votes.scoresOf(post.threadId)).get(comment!.id)).toEqual({ up: 1, down: 0 });
    expect((await vote(-1)).json()).toEqual({ up: 0, down: 1, mine: -1 });
    expect((await vote(0)).json()).toEqual({ up: 0, down: 0, mine: 0 });
    // Another reader (another network) counts apart; an account counts once whatever its network.
    await vote(1, { remoteAddress: "203.0.113.50" });
    const reader = await signedIn(w, "commenter");
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => vote(1, { cookies: reader.cookies, remoteAddress: ip })));
    expect((await w.deps.votes.scoresOf(post.threadId)).get(comment!.id)).toEqual({ up: 2, down: 0 });
    // One's own comment: by account, or by the edit token this browser holds.
    const own = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { body: "Mine." } });
    const self = await w.app.inject({ method: "POST", url: `/api/v1/comments/${own.json().comment.id}/vote`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { value: 1 } });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toBe("You cannot vote on your own comment.");
    const guest = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Guest's." } });
    const ownerCookie = guest.cookies.find((c) => c.name !== "bs_session")!;
    const guestSelf = await w.app.inject({ method: "POST", url: `/api/v1/comments/${guest.json().comment.id}/vote`, headers: SAME_ORIGIN, cookies: { [ownerCookie.name]: ownerCookie.value }, payload: { value: 1 } });
    expect(guestSelf.statusCode).toBe(403);
    // From another site: refused like every write.
    expect((await w.app.inject({ method: "POST", url: `/api/v1/comments/${comment!.id}/vote`, headers: { origin: "https://evil.example" }, payload: { value: 1 } })).statusCode).toBe(403);
  });

  it("counts at most 50 guests a day from one network on a discussion: changing the user agent is not another voter", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_VOTES_PER_MINUTE: "100000" } });
    const post = await w.makePost();
    const { comment } = await w.makeComment(post, { body: "Stuff my ballot box." });
    const vote = (value: number, agent: string, remoteAddress = "198.51.100.20") =>
      w!.app.inject({ method: "POST", url: `/api/v1/comments/${comment!.id}/vote`, headers: { ...SAME_ORIGIN, "user-agent": agent }, payload: { value }, remoteAddress });
    const agent = (i: number) => `${FIREFOX}.${i}`;
    const codes: number[] = [];
    for (let i = 0; i < 60; i++) codes.push((await vote(1, agent(i))).statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(50);
    const refused = await vote(1, agent(99));
    expect([refused.statusCode, refused.json().detail]).toEqual([429, "Too many guests have voted on this discussion from your network today. Sign in to vote."]);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // A guest who voted may still change their mind; another network and an account vote as ever.
    expect((await vote(-1, agent(3))).json()).toMatchObject({ mine: -1 });
    expect((await vote(1, agent(0), "203.0.113.9")).statusCode).toBe(200);
    const reader = await signedIn(w, "commenter");
    const signed = await w.app.inject({ method: "POST", url: `/api/v1/comments/${comment!.id}/vote`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { value: 1 }, remoteAddress: "198.51.100.20" });
    expect(signed.statusCode).toBe(200);
    expect((await w.deps.votes.scoresOf(post.threadId)).get(comment!.id)).toEqual({ up: 51, down: 1 }); // 49 guests up, one down, one from elsewhere, one account
  });

  it("follows the site's setting: likes only, or no votes at all", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const { comment } = await w.makeComment(post);
    const vote = (value: number) => w!.app.inject({ method: "POST", url: `/api/v1/comments/${comment!.id}/vote`, headers: SAME_ORIGIN, payload: { value } });
    // A change of settings drops the cached pages it changes (site.changed).
    const change = (votes: "like" | "none") => updateSite(w!.deps, 1, { votes });
    await change("like");
    expect((await vote(-1)).statusCode).toBe(400);
    expect((await vote(1)).json()).toMatchObject({ up: 1 });
    let html = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    expect(html).toContain('aria-label="Like"');
    expect(html).not.toContain("vote-down");
    await change("none");
    expect((await vote(1)).statusCode).toBe(403);
    html = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    expect(html).not.toContain('class="vote"');
  });

  it("shows scores without dropping the cached page, votes without JavaScript, and sorts by choice, remembered", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_VOTES_PER_MINUTE: "100000" } });
    const post = await w.makePost({ slug: "sorted" });
    const a = (await w.makeComment(post, { body: "First, few votes." })).comment!;
    const b = (await w.makeComment(post, { body: "Second, well liked." })).comment!;
    const c = (await w.makeComment(post, { body: "Third, much discussed." })).comment!;
    for (let i = 0; i < 3; i++) await w.makeComment(post, { body: `Reply ${i}`, parentId: c.id });
    const page = async (query = "", cookies: Record<string, string> = {}) => w!.app.inject({ url: `/posts/sorted${query}`, cookies });
    const order = (html: string) => [...html.matchAll(/<p>(First|Second|Third)/g)].map((m) => m[1]);
    expect(order((await page()).body)).toEqual(["First", "Second", "Third"]);
    const entry = w.pageCache.peek("post:sorted");
    // Votes from five readers, by the plain form (no JavaScript): back to the comment each time.
    for (let i = 0; i < 5; i++) {
      const res = await w.app.inject({ method: "POST", url: `/comments/${b.id}/vote`, headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded", "user-agent": FIREFOX }, payload: "value=1", remoteAddress: `198.51.100.${i + 1}` });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/posts/sorted#c-2`);
    }
    await w.app.inject({ method: "POST", url: `/comments/${a.id}/vote`, headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, payload: "value=-1", remoteAddress: "198.51.100.9" });
    const after = (await page()).body;
    expect(w.pageCache.peek("post:sorted")).toBe(entry);
    expect(after).toMatch(/data-id="\d+" data-path="2"[\s\S]*?<span class="score" data-score>5<\/span>/);
    expect(after).toMatch(/data-id="\d+" data-path="1"[\s\S]*?<span class="score" data-score>-1<\/span>/);
    // Pressing the same button again takes the vote back.
    await w.app.inject({ method: "POST", url: `/comments/${b.id}/vote`, headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded", "user-agent": FIREFOX }, payload: "value=1", remoteAddress: "198.51.100.1" });
    expect((await w.deps.votes.scoresOf(post.threadId)).get(b.id)).toEqual({ up: 4, down: 0 });

    const best = await page("?sort=best");
    expect(order(best.body)).toEqual(["Second", "First", "Third"]);
    const remembered = best.cookies.find((k) => k.name === "bs_sort")!;
    expect(remembered.value).toBe("best");
    expect(order((await page("", { bs_sort: remembered.value })).body)).toEqual(["Second", "First", "Third"]);
    expect(order((await page("?sort=newest")).body)).toEqual(["Third", "Second", "First"]);
    expect(order((await page("?sort=replies")).body)).toEqual(["Third", "First", "Second"]);
    expect((await page("?sort=best")).body).toContain('aria-current="true">best</a>');
  });

  it("ranks by the Wilson lower bound: many ups and a few downs beat a couple of ups", () => {
    expect(wilsonLowerBound(40, 5)).toBeGreaterThan(wilsonLowerBound(2, 0));
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(1, 0)).toBeCloseTo(0.2065, 3);
    const node = (id: number) => ({ comment: { id, numberPath: [id] } as never, kind: "comment" as const, replyingTo: null, replies: [] });
    expect(sortThread([node(1), node(2), node(3)], "best", new Map([[3, { up: 40, down: 5 }], [2, { up: 2, down: 0 }]])).map((n) => n.comment.id)).toEqual([3, 2, 1]);
  });
});
