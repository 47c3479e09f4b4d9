import { afterEach, describe, expect, it } from "vitest";
import { ViewCounter } from "../../src/domain/views/view-counter.js";
import { cryptoRandom, sha256Hasher } from "../../src/security/node-crypto.js";
import { makeSqlSharedReaders, makeViewStore } from "../../src/storage/view-store.js";
import type { SharedReaders } from "../../src/domain/views/ports.js";
import { connectRedis } from "../../src/redis/connect.js";
import { makeRedisSharedReaders } from "../../src/redis/shared-readers.js";
import { dialects, dropRedisKeys, makeWorld, REDIS_URL, type World } from "../helpers/world.js";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const DAY = 24 * 3600_000;

describe.each(dialects())("view counting on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  const freshCounter = async () => {
    const c = new ViewCounter({ store: makeViewStore(world.store), clock: world.clock, hasher: sha256Hasher, random: cryptoRandom });
    await c.start();
    return c;
  };

  it("counts one view per reader per thread per day, never bots", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const v = world.deps.views;
    expect(v.record(post.threadId, 1, "203.0.113.5", FIREFOX)).toBe(true);
    expect(v.record(post.threadId, 1, "203.0.113.5", FIREFOX)).toBe(false);
    expect(v.record(post.threadId, 1, "203.0.113.5", SAFARI)).toBe(true);
    expect(v.record(post.threadId, 1, "198.51.100.7", FIREFOX)).toBe(true);
    expect(v.record(post.threadId, 1, "198.51.100.8", "Googlebot/2.1 (+http://www.google.com/bot.html)")).toBe(false);
    expect(v.record(post.threadId, 1, "198.51.100.9", "")).toBe(false);
    await v.flush();
    expect((await world.deps.threads.findThread(post.threadId))?.viewCount).toBe(3);
    world.clock.advance(DAY);
    expect(v.record(post.threadId, 1, "203.0.113.5", FIREFOX)).toBe(true);
    await v.flush();
    expect((await world.deps.threads.findThread(post.threadId))?.viewCount).toBe(4);
  });

  it("counts at most 50 readers a day from one network on one thread: a loop changing its user agent is not 1,000 readers", async () => {
    world = await makeWorld({ dialect });
    const [post, other] = [await world.makePost(), await world.makePost()];
    const v = world.deps.views;
    const agent = (i: number) => `Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.${i}`;
    let counted = 0;
    for (let i = 0; i < 1000; i++) if (v.record(post.threadId, 1, "203.0.113.5", agent(i))) counted++;
    expect(counted).toBe(50);
    // An IPv6 subscriber's whole /64 is one network, whatever address each request comes from.
    counted = 0;
    for (let i = 0; i < 200; i++) if (v.record(post.threadId, 1, `2001:db8:7:7::${i.toString(16)}`, agent(i))) counted++;
    expect(counted).toBe(50);
    // Other networks, other threads and the next day count as before.
    expect(v.record(post.threadId, 1, "198.51.100.7", agent(1))).toBe(true);
    expect(v.record(other.threadId, 1, "203.0.113.5", agent(1))).toBe(true);
    await v.flush();
    expect((await world.deps.threads.findThread(post.threadId))?.viewCount).toBe(101);
    world.clock.advance(DAY);
    expect(v.record(post.threadId, 1, "203.0.113.5", agent(999))).toBe(true);
  });

  it("remembers today's readers across a clean restart", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    world.deps.views.record(post.threadId, 1, "203.0.113.5", FIREFOX);
    await world.deps.views.close();
    const restarted = await freshCounter();
    expect(restarted.record(post.threadId, 1, "203.0.113.5", FIREFOX)).toBe(false);
    expect(restarted.record(post.threadId, 1, "203.0.113.6", FIREFOX)).toBe(true);
  });

  it("reads back a busy day's readers in pages, not all at once (25,000 of them)", async () => {
    world = await makeWorld({ dialect });
    const store = makeViewStore(world.store);
    const day = "2026-11-28";
    const readers = Array.from({ length: 25_000 }, (_, i) => (i + 1).toString(16).padStart(13, "0"));
    await store.saveReaders(day, readers);
    const back: string[] = [];
    for await (const r of store.listReaders(day)) back.push(r);
    expect(back.length).toBe(25_000);
    expect(new Set(back)).toEqual(new Set(readers));
  });

  it("shows unflushed views in the total at once", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const v = world.deps.views;
    v.observe(post.threadId, 10);
    v.record(post.threadId, 1, "203.0.113.5", FIREFOX);
    expect(v.totalFor(post.threadId, 10)).toBe(11);
    await v.flush();
    v.observe(post.threadId, (await world.deps.threads.findThread(post.threadId))?.viewCount ?? -1);
    expect(v.totalFor(post.threadId, 0)).toBe(1);
  });
});

describe.each(dialects().filter((d) => d === "postgres"))("view counting by two nodes on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  const node = async (shared: SharedReaders) => {
    const c = new ViewCounter({ store: makeViewStore(world.store), clock: world.clock, hasher: sha256Hasher, random: cryptoRandom, shared });
    await c.start();
    return c;
  };

  it.each([
    ["the database", false],
    ["Redis", true],
  ] as const)("counts a reader seen by both nodes once, through %s", async (_name, viaRedis) => {
    world = await makeWorld({ dialect });
    if (viaRedis && !REDIS_URL) return console.warn("\n*** the Redis case SKIPPED: set TEST_REDIS_URL=redis://… (CI always does) ***\n");
    const post = await world.makePost();
    const redis = viaRedis ? await connectRedis(REDIS_URL as string, () => undefined) : undefined;
    const prefix = `test:${cryptoRandom.token(8)}:`;
    const shared = () => (redis ? makeRedisSharedReaders(redis, prefix, makeSqlSharedReaders(world.store).salt) : makeSqlSharedReaders(world.store));
    try {
      const [a, b] = [await node(shared()), await node(shared())];
      // Both nodes start with the same day's salt, so one reader hashes alike on both.
      expect(a.record(post.threadId, post.siteId, "203.0.113.5", FIREFOX)).toBe(true);
      expect(b.record(post.threadId, post.siteId, "203.0.113.5", FIREFOX)).toBe(true);
      expect(b.record(post.threadId, post.siteId, "203.0.113.6", FIREFOX)).toBe(true);
      await Promise.all([a.flush(), b.flush()]);
      expect((await world.deps.threads.findThread(post.threadId))?.viewCount).toBe(2);
      // Two readers new to the site, one per node: the site's tally says 2 readers, 2 views.
      const [today] = await world.deps.stats.siteDays("2000-01-01");
      expect(today).toMatchObject({ readers: 2, views: 2 });
      // And the site's own readers: the one both nodes saw is taken back by one of them.
      expect(await world.deps.stats.siteReaderDays(post.siteId, "2000-01-01")).toEqual([{ day: today?.day, readers: 2 }]);
      // A node restarted (nothing saved) still knows the reader was counted.
      const restarted = await node(shared());
      restarted.record(post.threadId, 1, "203.0.113.6", FIREFOX);
      await restarted.flush();
      expect((await world.deps.threads.findThread(post.threadId))?.viewCount).toBe(2);
    } finally {
      redis?.disconnect();
      await dropRedisKeys(prefix);
    }
  });
});
