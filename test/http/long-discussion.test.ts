import { afterEach, describe, expect, it } from "vitest";
import { COMMENTS_PER_PAGE } from "../../src/domain/comments/reading-page.js";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

/** The top-level numbers a page shows, from its comments' anchors (c-12, not c-12-1). */
const roots = (html: string) => [...html.matchAll(/id="c-(\d+)"/g)].map((m) => Number(m[1]));

describe("a discussion too long for one page", () => {
  it.each(dialects())("is read in pages of whole top-level comments, in either order, never all at once (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect });
    const post = await w.makePost({ slug: "long-one" });
    // 700 top-level comments with two replies each: 2,100 comments, more than a page holds.
    const TOP = 700;
    const add = (parentId: number | null, text: string) =>
      w!.deps.comments.insertComment({ threadId: post.threadId, parentId, replyingToId: null, authorName: "Reader", authorWebsite: null, authorUserId: null, bodySource: text, bodyHtml: `<p>${text}</p>`, status: "published", createdAt: w!.clock.now(), editTokenHash: "x", fingerprint: null, networkHash: null, screening: [], spamScore: null });
    for (let start = 0; start < TOP; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, TOP - start) }, async (_, i) => {
          const top = await add(null, `top ${start + i}`);
          for (const r of [1, 2]) await add(top.id, `reply ${r}`);
        }),
      );
    }
    const perPage = Math.floor(COMMENTS_PER_PAGE / 3);

    const first = (await w.app.inject({ url: "/posts/long-one" })).body;
    expect(roots(first)).toEqual(Array.from({ length: perPage }, (_, i) => i + 1));
    expect((first.match(/class="comment[ "]/g) ?? []).length).toBeLessThanOrEqual(COMMENTS_PER_PAGE);
    expect(first).toContain(`href="/posts/long-one?after=${perPage}#comments"`);
    expect(first).not.toContain("Back to the first comments");

    const second = (await w.app.inject({ url: `/posts/long-one?after=${perPage}` })).body;
    expect(roots(second)).toEqual(Array.from({ length: TOP - perPage }, (_, i) => perPage + i + 1));
    expect(second).toContain(`id="c-${TOP}-2"`);
    expect(second).toContain('href="/posts/long-one#comments"'); // back to the first page
    expect(second).not.toContain("?after=");

    // Newest first reads from the other end, and its next page goes on down.
    const newest = (await w.app.inject({ url: "/posts/long-one?sort=newest" })).body;
    expect(roots(newest)[0]).toBe(TOP);
    expect(roots(newest)).toHaveLength(perPage);
    expect(newest).toContain(`href="/posts/long-one?sort=newest&amp;after=${TOP - perPage + 1}#comments"`);
    const older = (await w.app.inject({ url: `/posts/long-one?sort=newest&after=${TOP - perPage + 1}` })).body;
    expect(roots(older)[0]).toBe(TOP - perPage);
    expect(roots(older).at(-1)).toBe(1);
  });
});
