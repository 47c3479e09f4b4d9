import { afterEach, describe, expect, it } from "vitest";
import { COMMENTS_PER_PAGE, pageStarts } from "../../src/domain/comments/reading-page.js";
import { openPageThread } from "../../src/domain/embeds/open-page-thread.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";
import { fillThread } from "../helpers/long-thread.js";
import { dialects } from "../helpers/world.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

/** The top-level numbers a page shows, from its comments' anchors (c-12, not c-12-1). */
const roots = (html: string) => [...html.matchAll(/id="c-(\d+)"/g)].map((m) => Number(m[1]));

// 700 top-level comments with two replies each: 2,100 comments, more than a page holds.
const TOP = 700;
const perPage = Math.floor(COMMENTS_PER_PAGE / 3);

describe("a discussion too long for one page", () => {
  it.each(dialects())("is read in pages of whole top-level comments, in either order, never all at once (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect });
    const post = await w.makePost({ slug: "long-one" });
    await fillThread(w, post.threadId, TOP);

    const first = (await w.app.inject({ url: "/posts/long-one" })).body;
    expect(roots(first)).toEqual(Array.from({ length: perPage }, (_, i) => i + 1));
    expect((first.match(/class="comment[ "]/g) ?? []).length).toBeLessThanOrEqual(COMMENTS_PER_PAGE);
    expect(first).toContain(`<nav class="thread-pages" aria-label="Pages of the discussion"> <a href="/posts/long-one?after=${perPage}#comments" rel="next">`);
    expect(first).not.toContain("Back to the first comments");
    expect(first).not.toContain("data-new-after"); // a new top-level comment belongs on the last page

    const second = (await w.app.inject({ url: `/posts/long-one?after=${perPage}` })).body;
    expect(roots(second)).toEqual(Array.from({ length: TOP - perPage }, (_, i) => perPage + i + 1));
    expect(second).toContain(`id="c-${TOP}-2"`);
    expect(second).toContain('href="/posts/long-one#comments"'); // back to the first page
    expect(second).not.toContain("?after=");
    expect(second).toContain(`data-new-after="${TOP}"`);

    // Newest first reads from the other end, and its next page goes on down.
    const newest = (await w.app.inject({ url: "/posts/long-one?sort=newest" })).body;
    expect(roots(newest)[0]).toBe(TOP);
    expect(roots(newest)).toHaveLength(perPage);
    expect(newest).toContain(`href="/posts/long-one?sort=newest&amp;after=${TOP - perPage + 1}#comments"`);
    expect(newest).toContain(`data-new-after="${TOP}"`);
    const older = (await w.app.inject({ url: `/posts/long-one?sort=newest&after=${TOP - perPage + 1}` })).body;
    expect(roots(older)[0]).toBe(TOP - perPage);
    expect(roots(older).at(-1)).toBe(1);
  });

  it("is a page only where a page starts: any other number leads to the page that holds it, so a thread is rendered once per page", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ slug: "long-one" });
    await fillThread(w, post.threadId, TOP);
    const cases = [
      { url: `/posts/long-one?after=${perPage + 5}`, to: `/posts/long-one?after=${perPage}#comments` },
      { url: "/posts/long-one?after=3", to: "/posts/long-one#comments" },
      { url: "/posts/long-one?after=999999", to: `/posts/long-one?after=${perPage}#comments` },
      { url: "/posts/long-one?sort=best&after=1", to: "/posts/long-one?sort=best#comments" },
      { url: `/posts/long-one?sort=newest&after=${TOP - 10}`, to: "/posts/long-one?sort=newest#comments" },
      { url: "/posts/long-one?sort=newest&after=2", to: `/posts/long-one?sort=newest&after=${TOP - perPage + 1}#comments` },
    ];
    for (const c of cases) {
      const res = await w.app.inject({ url: c.url });
      expect([res.statusCode, res.headers.location], c.url).toEqual([302, c.to]);
    }
    // A post nobody may read says nothing of its pages.
    await w.makePost({ slug: "a-draft", status: "draft" });
    expect((await w.app.inject({ url: "/posts/a-draft?after=5" })).statusCode).toBe(404);
    const hidden = await w.makePost({ slug: "hidden-talk", threadMode: "hidden" });
    await fillThread(w, hidden.threadId, TOP);
    const shut = await w.app.inject({ url: "/posts/hidden-talk?after=5" });
    expect([shut.statusCode, shut.body.includes('id="c-6"')]).toEqual([200, false]);
  });

  it("is read in the same pages in the embedded frame", async () => {
    w = await makeAppWorld();
    const HOST = "https://tides.example";
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: [HOST] });
    const opened = await openPageThread(w.deps, { siteKey: site.publicKey, url: `${HOST}/story`, title: "A long story", networkHash: "test" });
    await fillThread(w, opened.thread.id, TOP);
    const frame = `/embed/thread?${new URLSearchParams({ site: site.publicKey, url: `${HOST}/story`, host: HOST }).toString()}`;
    const first = (await w.app.inject({ url: frame })).body;
    expect(roots(first)).toHaveLength(perPage);
    const next = /<a href="([^"]+)" rel="next">/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toMatch(new RegExp(`^/embed/thread\\?site=.*&after=${perPage}#comments$`));
    const second = await w.app.inject({ url: next!.replace(/#.*/, "") });
    expect(second.statusCode).toBe(200);
    expect(roots(second.body)[0]).toBe(perPage + 1);
    const firstPage = next!.replace(/&after=\d+#comments$/, "");
    expect(second.body).toContain(`href="${firstPage.replaceAll("&", "&amp;")}#comments">Back to the first comments`);
    const off = await w.app.inject({ url: `${frame}&after=${perPage - 1}` });
    expect([off.statusCode, off.headers.location]).toEqual([302, `${firstPage}#comments`]);
  });
});

describe("where the pages of a thread start", () => {
  it("cuts as the reading page does: whole top-level comments, one too large alone on its page", () => {
    expect(pageStarts([[1, 3], [2, 3], [3, 3], [4, 3]], 6, false)).toEqual([2]);
    expect(pageStarts([[1, 3], [2, 3], [3, 3], [4, 3]], 6, true)).toEqual([3]);
    expect(pageStarts([[1, 2], [2, 9], [3, 1]], 6, false)).toEqual([1, 2]);
    expect(pageStarts([[1, 6]], 6, false)).toEqual([]);
    expect(pageStarts([], 6, false)).toEqual([]);
  });
});
