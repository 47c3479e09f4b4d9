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
});
