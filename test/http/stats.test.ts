import { afterEach, describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { getReaderStats } from "../../src/domain/stats/reader-stats.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());
const UA = (n: number) => `Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.${n}`;

describe("reader statistics", () => {
  it("counts views, distinct readers, comments and referring hosts per day, and never stores an IP", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_PUBLIC_URL: "https://news.example" } });
    w.clock.set(Date.UTC(2024, 5, 19, 12));
    const a = await w.makePost({ title: "A" });
    const b = await w.makePost({ title: "B" });
    const view = (post: typeof a, ip: string, ua: string, referer?: string) =>
      w.app.inject({ url: `/posts/${post.slug}`, remoteAddress: ip, headers: { "user-agent": ua, ...(referer ? { referer } : {}) } });
    await view(a, "203.0.113.1", UA(1), "https://www.search.example/?q=tide");
    await view(b, "203.0.113.1", UA(1), "https://news.example/");
    await view(a, "203.0.113.2", UA(2), "https://social.example/post/1");
    await w.makeComment(a);
    w.clock.advance(24 * 3600_000);
    await view(a, "203.0.113.1", UA(1));
    await w.deps.views.flush();

    const stats = await getReaderStats(w.deps, { days: 3 });
    expect(stats.days).toEqual(["2024-06-18", "2024-06-19", "2024-06-20"]);
    expect(stats.views).toEqual([0, 3, 1]);
    expect(stats.readers).toEqual([0, 2, 1]);
    expect(stats.comments).toEqual([0, 1, 0]);
    expect(stats.referrers).toEqual([{ host: "search.example", views: 1 }, { host: "social.example", views: 1 }]);
    expect(stats.topPosts.map((p) => [p.title, p.views])).toEqual([["A", 3], ["B", 1]]);
    const perPost = await getReaderStats(w.deps, { days: 3, threadId: a.threadId });
    expect(perPost.views).toEqual([0, 2, 1]);

    const dump = JSON.stringify(await w.store.db.selectFrom("view_readers").selectAll().execute()) + JSON.stringify(await w.store.db.selectFrom("referrer_days").selectAll().execute());
    expect(dump).not.toContain("203.0.113");
    expect(dump).not.toContain("Firefox");
  });

  it("draws the dashboard for editors only", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ title: "Charted" });
    w.deps.views.record(post.threadId, 1, "203.0.113.1", UA(1));
    await w.deps.views.flush();
    const editor = await signedIn(w, "editor");
    const page = await w.app.inject({ url: "/editor/stats", cookies: editor.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("distinct readers");
    expect((await w.app.inject({ url: `/editor/posts/${post.id}/stats`, cookies: editor.cookies })).body).toContain("“Charted”, last 30 days");
    const mod = await signedIn(w, "moderator");
    expect((await w.app.inject({ url: "/editor/stats", cookies: mod.cookies })).statusCode).toBe(403);
  });

  it("show one site's views, distinct readers, referrers, comments and most read discussions, apart from the others'", async () => {
    w = await makeAppWorld();
    w.clock.set(Date.UTC(2024, 5, 19, 12));
    const ours = await w.makePost({ title: "Harbour wall" });
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"] });
    const threadOf = async (path: string, title: string) => {
      const q = new URLSearchParams({ site: site.publicKey, url: `https://tides.example${path}`, host: "https://tides.example", title }).toString();
      return Number(/data-thread-id="(\d+)"/.exec((await w.app.inject({ url: `/embed/thread?${q}` })).body)?.[1]);
    };
    const storm = await threadOf("/storm", "Storm warning");
    const tide = await threadOf("/tide", "Spring tide");
    for (let i = 1; i <= 3; i++) w.deps.views.record(storm, site.id, `203.0.113.${i}`, UA(i), i === 1 ? "news.example" : undefined);
    w.deps.views.record(tide, site.id, "203.0.113.9", UA(9));
    // A reader of both tide pages is one of the site's readers; one of ours reads theirs too.
    w.deps.views.record(tide, site.id, "203.0.113.1", UA(1));
    for (let i = 1; i <= 5; i++) w.deps.views.record(ours.threadId, 1, `198.51.100.${i}`, UA(i), i <= 2 ? "search.example" : undefined);
    w.deps.views.record(storm, site.id, "198.51.100.5", UA(5));
    await w.deps.views.flush();
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${storm}/comments`, headers: SAME_ORIGIN, payload: { body: "Sandbags at the slipway" } });
    expect(posted.statusCode).toBe(201);
    await w.makeComment(ours);
    await w.makeComment(ours);

    const tides = await getReaderStats(w.deps, { days: 2, siteId: site.id });
    expect(tides.scope).toBe("site");
    expect(tides.views).toEqual([0, 6]);
    expect(tides.readers).toEqual([0, 5]);
    expect(tides.referrers).toEqual([{ host: "news.example", views: 1 }]);
    expect(tides.comments).toEqual([0, 1]);
    expect(tides.topThreads).toEqual([
      { threadId: storm, title: "Storm warning", url: "https://tides.example/storm", views: 4 },
      { threadId: tide, title: "Spring tide", url: "https://tides.example/tide", views: 2 },
    ]);
    const blog = await getReaderStats(w.deps, { days: 2, siteId: 1 });
    expect([blog.views, blog.readers, blog.comments]).toEqual([[0, 5], [0, 5], [0, 2]]);
    expect(blog.referrers).toEqual([{ host: "search.example", views: 2 }]);
    expect(blog.topThreads.map((t) => [t.title, t.url, t.views])).toEqual([["Harbour wall", `/posts/${ours.slug}`, 5]]);
    // The installation: a reader of both sites is one reader.
    const all = await getReaderStats(w.deps, { days: 2 });
    expect([all.views, all.readers]).toEqual([[0, 11], [0, 9]]);
    expect(all.referrers).toEqual([{ host: "search.example", views: 2 }, { host: "news.example", views: 1 }]);

    const editor = await signedIn(w, "editor");
    const page = await w.app.inject({ url: `/editor/stats?site=${site.id}`, cookies: editor.cookies });
    expect(page.body).toContain("Reader statistics: Tide Watch, last 30 days");
    expect(page.body).toContain('<a href="https://tides.example/storm">Storm warning</a>');
    expect(page.body).toContain("news.example");
    expect(page.body).not.toContain("search.example");
    expect(page.body).not.toContain("Harbour wall");
  });
});
