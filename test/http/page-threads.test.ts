import { afterEach, describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { dialects } from "../helpers/world.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const HOST = "https://tides.example";

describe.each(dialects())("one story at several addresses, on %s", (dialect) => {
  async function setUp() {
    w = await makeAppWorld({ dialect });
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: [HOST, "https://amp.tides.example"] });
    const open = async (url: string) => {
      const res = await w.app.inject({ url: `/embed/thread?${new URLSearchParams({ site: site.publicKey, url, host: HOST }).toString()}` });
      expect(res.statusCode).toBe(200);
      return Number(/data-thread-id="(\d+)"/.exec(res.body)?.[1]);
    };
    const post = async (threadId: number, body: string, parentId?: number) => {
      const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body, ...(parentId ? { parentId } : {}) } });
      expect(res.statusCode).toBe(201);
      return (res.json() as { comment: { id: number; path: string } }).comment;
    };
    return { site, open, post };
  }

  it("attaches another address and merges two threads: the survivor's numbers stay, the merged comments follow its last", async () => {
    const { site, open, post } = await setUp();
    const story = await open(`${HOST}/story`);
    const copy = await open(`${HOST}/syndicated/story`);
    const s1 = await post(story, "Story one");
    await post(story, "Story two");
    await post(story, "Reply to one", s1.id);
    const c1 = await post(copy, "Copy one");
    w.clock.advance(1000);
    const c2 = await post(copy, "Copy two");
    await post(copy, "Reply to copy two", c2.id);
    await post(copy, "Reply to copy one", c1.id);

    const reader = await signedIn(w, "commenter");
    const refused = await w.app.inject({ method: "POST", url: `/api/v1/threads/${copy}/merge`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { intoThreadId: story } });
    expect(refused.statusCode).toBe(403);

    const mod = await signedIn(w, "moderator");
    const attach = (id: number, url: string) => w.app.inject({ method: "POST", url: `/api/v1/threads/${id}/urls`, headers: SAME_ORIGIN, cookies: mod.cookies, payload: { url } });
    expect((await attach(story, "https://AMP.tides.example/story?utm_source=x")).statusCode).toBe(201);
    expect((await attach(story, "https://elsewhere.example/story")).statusCode).toBe(400);
    const taken = await attach(story, `${HOST}/syndicated/story`);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toMatch(/merge/);
    expect(await open("https://amp.tides.example/story")).toBe(story);

    const merged = await w.app.inject({ method: "POST", url: `/api/v1/threads/${copy}/merge`, headers: SAME_ORIGIN, cookies: mod.cookies, payload: { intoThreadId: story } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().moved).toBe(4);
    expect(await open(`${HOST}/syndicated/story`)).toBe(story);

    const shown = await w.app.inject({ url: `/api/v1/threads/${story}/comments?limit=200` });
    const flat = (nodes: Array<{ path: string; bodyHtml: string; replies: unknown[] }>): string[] =>
      nodes.flatMap((n) => [`${n.path} ${n.bodyHtml.replace(/<[^>]+>/g, "")}`, ...flat(n.replies as typeof nodes)]);
    expect(flat(shown.json().comments)).toEqual(["1 Story one", "1.1 Reply to one", "2 Story two", "3 Copy one", "3.1 Reply to copy one", "4 Copy two", "4.1 Reply to copy two"]);
    const thread = await w.deps.threads.findThread(story);
    expect(thread?.commentCount).toBe(7);
    // A new comment takes the next number after the merged ones.
    expect((await post(story, "After the merge")).path).toBe("5");
    // The merged thread shows nothing by its id any more.
    expect((await w.app.inject({ url: `/api/v1/threads/${copy}/comments` })).statusCode).toBe(404);
    const log = await w.deps.moderation.listLog({ limit: 10 });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(["attach_url", "merge_threads"]));

    const other = (await addSite(w.deps, { name: "Other", origins: ["https://other.example"] })).site;
    const elsewhere = await w.app.inject({ url: `/embed/thread?${new URLSearchParams({ site: other.publicKey, url: "https://other.example/x", host: "https://other.example" }).toString()}` });
    const otherThread = Number(/data-thread-id="(\d+)"/.exec(elsewhere.body)?.[1]);
    const across = await w.app.inject({ method: "POST", url: `/api/v1/threads/${otherThread}/merge`, headers: SAME_ORIGIN, cookies: mod.cookies, payload: { intoThreadId: story } });
    expect(across.statusCode).toBe(400);
    expect(site.id).not.toBe(other.id);
  });
});
