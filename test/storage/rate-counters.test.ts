import { afterEach, describe, expect, it } from "vitest";
import { MemoryRateCounter, makeSqlRateCounter } from "../../src/storage/rate-counters.js";
import { dialects, openTestStore } from "../helpers/world.js";

describe.each(dialects())("shared rate counters on %s", (dialect) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it("hands out every count exactly once under 50 concurrent hits (no read-then-write)", async () => {
    const t = await openTestStore(dialect);
    cleanup = t.cleanup;
    const counter = makeSqlRateCounter(t.store);
    const now = 1_800_000_030_000;
    const counts = await Promise.all(Array.from({ length: 50 }, () => counter.hit("comment:net:x", 60_000, now)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([1_800_000_060_000]));
  });

  it("starts a new window at one, and keeps keys apart", async () => {
    const t = await openTestStore(dialect);
    cleanup = t.cleanup;
    const counter = makeSqlRateCounter(t.store);
    await counter.hit("a", 60_000, 0);
    await counter.hit("a", 60_000, 1);
    expect((await counter.hit("b", 60_000, 2)).count).toBe(1);
    expect((await counter.hit("a", 60_000, 60_000)).count).toBe(1);
  });
});

describe("in-memory rate counter", () => {
  it("counts per key and window", async () => {
    const counter = new MemoryRateCounter();
    const counts = await Promise.all(Array.from({ length: 10 }, () => counter.hit("k", 1000, 5)));
    expect(counts.map((c) => c.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await counter.hit("k", 1000, 1000)).toEqual({ count: 1, resetAt: 2000 });
  });
});
