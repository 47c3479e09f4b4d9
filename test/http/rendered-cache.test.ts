import { describe, expect, it } from "vitest";
import { entryBytes, filledBody, RenderedCache, type CachedPage } from "../../src/http/cache/rendered-cache.js";
import { cutSlots } from "../../src/http/cache/slotted.js";

const pageOf = (threadId: number, bytes: number): CachedPage => ({ threadId, siteId: 1, storedViews: 0, page: cutSlots(`<p>${"x".repeat(bytes - 7)}</p>`), expiresAt: Number.MAX_SAFE_INTEGER });

describe("the rendered page cache's memory", () => {
  it("counts each page with the copies served from it, so the budget bounds what is really held", async () => {
    const page = pageOf(1, 2000);
    // What a page holds once served: itself and its filled body, byte for byte as large.
    expect(filledBody(page, {}).length).toBe(page.page.size);
    expect(entryBytes(page)).toBeGreaterThanOrEqual(2 * page.page.size);

    const cache = new RenderedCache(() => 0, 30_000, 10_000);
    for (const id of [1, 2, 3]) await cache.get(`p${id}`, async () => pageOf(id, 2000));
    // Three pages of 2,000 bytes are 6,000 bytes of pages but 13,500 of memory: the oldest went.
    expect([cache.peek("p1"), cache.peek("p2"), cache.peek("p3")].map(Boolean)).toEqual([false, true, true]);
  });

  it("keeps the pages readers ask for when a script asks for made-up addresses, and lets a page readers want in", async () => {
    let now = 0;
    const cache = new RenderedCache(() => now, 3_600_000, 10_000);
    let renders = 0;
    const ask = (key: string, id: number) => cache.get(key, async () => (renders++, { ...pageOf(id, 1000), expiresAt: now + 3_600_000 }));
    // Four popular pages (2,250 bytes each of a 10,000 budget), each read a few times.
    for (let round = 0; round < 5; round++) for (const id of [1, 2, 3, 4]) await ask(`post:${id}`, id);
    expect(renders).toBe(4);
    // A script cycles through 500 cursors nobody links to: each is answered, none is kept.
    for (let n = 0; n < 500; n++) expect(await ask(`thread:9:${n}:50`, 9)).toBeDefined();
    expect([1, 2, 3, 4].map((id) => Boolean(cache.peek(`post:${id}`)))).toEqual([true, true, true, true]);
    expect(cache.peek("thread:9:7:50")).toBeUndefined();
    // A new page readers keep asking for gets in once asked for more often than the least-read kept one.
    renders = 0;
    for (let i = 0; i < 10 && !cache.peek("post:new"); i++) await ask("post:new", 5);
    expect(cache.peek("post:new")).toBeDefined();
    expect(renders).toBeLessThanOrEqual(7);
    // A popular page a new comment made stale comes back at its next render, with what it had earned.
    const kept = [1, 2, 3, 4].find((id) => cache.peek(`post:${id}`))!;
    const hits = cache.peek(`post:${kept}`)!.hits;
    cache.invalidateThread(kept);
    expect(cache.peek(`post:${kept}`)).toBeUndefined();
    await ask(`post:${kept}`, kept);
    expect(cache.peek(`post:${kept}`)?.hits).toBe(hits);
    // A minute on, counts are halved: what was popular an hour ago gives way sooner.
    const earned = [1, 2, 3, 4].map((id) => cache.peek(`post:${id}`)?.hits);
    expect(earned.filter((h) => h !== undefined).length).toBeGreaterThanOrEqual(3);
    now += 61_000;
    await ask("post:later", 6);
    expect([1, 2, 3, 4].map((id) => cache.peek(`post:${id}`)?.hits)).toEqual(earned.map((h) => (h === undefined ? undefined : h >> 1)));
  });
});
