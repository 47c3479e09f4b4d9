import { afterEach, describe, expect, it } from "vitest";
import { buildArchive, monthBounds } from "../../src/domain/posts/archive.js";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const listingOf = (html: string) => html.slice(html.indexOf('<div class="front-page">'), html.indexOf('<aside class="sidebar">'));

describe("the archive", () => {
  it("groups by year and month in the site's time zone, newest first, with counts", () => {
    const at = (iso: string) => Date.parse(iso);
    const years = buildArchive(
      [
        { slug: "a", title: "A", publishedAt: at("2024-06-30T23:30:00Z") },
        { slug: "b", title: "B", publishedAt: at("2024-05-02T10:00:00Z") },
        { slug: "c", title: "C", publishedAt: at("2023-12-31T12:00:00Z") },
      ],
      "Asia/Tokyo",
    );
    expect(years.map((y) => [y.year, y.count, y.months.map((m) => [m.key, m.posts.map((p) => p.slug)])])).toEqual([
      [2024, 2, [["2024-07", ["a"]], ["2024-05", ["b"]]]],
      [2023, 1, [["2023-12", ["c"]]]],
    ]);
  });

  it("bounds a month in the site's time zone", () => {
    expect(monthBounds(2024, 6, "Asia/Tokyo")).toEqual({ since: Date.UTC(2024, 4, 31, 15), until: Date.UTC(2024, 5, 30, 15) });
    expect(monthBounds(2024, 12, "UTC")).toEqual({ since: Date.UTC(2024, 11, 1), until: Date.UTC(2025, 0, 1) });
  });

  it("serves label pages, month pages and the sidebar with popular posts", async () => {
    w = await makeAppWorld();
    w.clock.set(Date.UTC(2024, 6, 10, 12));
    const june = await w.makePost({ title: "June flood", labels: ["floods"], publishedAt: Date.UTC(2024, 5, 19) });
    await w.makePost({ title: "July ferry", labels: ["transport"], publishedAt: Date.UTC(2024, 6, 2) });
    const label = await w.app.inject({ url: "/labels/floods" });
    expect(label.statusCode).toBe(200);
    expect(listingOf(label.body)).toContain("June flood");
    expect(listingOf(label.body)).not.toContain("July ferry");
    expect(label.body).toContain('href="/labels/floods/feed.atom"');
    const month = await w.app.inject({ url: "/archive/2024/07" });
    expect(listingOf(month.body)).toContain("July ferry");
    expect(listingOf(month.body)).not.toContain("June flood");
    expect(month.body).toMatch(/<summary>June <span class="count">\(1\)<\/span><\/summary><ul><li class="archive-month"><a href="\/archive\/2024\/06">Every post of June 2024<\/a>/);
    expect((await w.app.inject({ url: "/archive/2024/13" })).statusCode).toBe(400);

    w.deps.views.record(june.threadId, 1, "203.0.113.1", FIREFOX);
    w.deps.views.record(june.threadId, 1, "203.0.113.2", FIREFOX);
    await w.deps.views.flush();
    await w.makeComment(june); // any change refreshes the listings at once
    const front = await w.app.inject({ url: "/" });
    expect(front.body).toMatch(/<summary>This week<\/summary>.*?June flood<\/a> <span class="count">\(2\)<\/span>/s);
  });
});

describe("the search page", () => {
  it("answers one network 30 searches a minute, then 429 with Retry-After until the minute is over; others search on", async () => {
    w = await makeAppWorld();
    await w.makePost({ title: "Barrier vote", body: "The barrier passed." });
    const find = (remoteAddress = "203.0.113.5") => w.app.inject({ url: "/search?q=barrier", remoteAddress });
    for (let i = 0; i < 30; i++) expect((await find()).statusCode).toBe(200);
    const refused = await find();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await find("198.51.100.7")).statusCode).toBe(200);
    w.clock.advance(60_000);
    expect((await find()).statusCode).toBe(200);
  });

  it("shows highlighted matches for posts and comments, escaping the query", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ title: "Barrier vote", body: "The <b>barrier</b> passed by one vote." });
    await w.makeComment(post, { body: "A barrier will not stop <script>the tide</script>" });
    const posts = await w.app.inject({ url: "/search?q=barrier" });
    expect(posts.body).toMatch(/<mark>barrier<\/mark>/i);
    expect(posts.body).toContain("1 post and 1 comment found.");
    // A word only a comment has is found without choosing "Comments".
    const onlyInComment = await w.app.inject({ url: "/search?q=tide" });
    expect(onlyInComment.body).toContain("0 posts and 1 comment found.");
    expect(onlyInComment.body).toMatch(/#1 on “Barrier vote”/);
    expect((await w.app.inject({ url: "/search?q=barrier&kind=posts" })).body).toContain("1 post found.");
    const comments = await w.app.inject({ url: "/search?q=tide&kind=comments" });
    expect(comments.body).toMatch(/#1 on “Barrier vote”/);
    expect(comments.body).toContain("&lt;script>the <mark>tide</mark>&lt;/script>");
    const hostile = await w.app.inject({ url: `/search?q=${encodeURIComponent('"><script>alert(1)</script>')}` });
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain("<script>alert(1)");
  });
});
