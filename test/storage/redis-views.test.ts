import crypto from "node:crypto";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedis } from "../../src/redis/connect.js";
import { makeRedisViewStore } from "../../src/redis/view-batches.js";
import { makeViewStore } from "../../src/storage/view-store.js";
import { makeThreadStore } from "../../src/storage/thread-store.js";
import { PG_URL, REDIS_URL, makeWorld, type World } from "../helpers/world.js";

const DAY = "2026-11-28";
// Site 1 (the only one here) has the installation's readers and referrers.
const batch = (counts: Array<[number, number]>, siteReaders: number, referrers: Array<[string, number]> = []) => ({
  day: DAY,
  counts: new Map(counts),
  siteReaders,
  referrers: new Map(referrers),
  sites: new Map([[1, { readers: siteReaders, referrers: new Map(referrers) }]]),
});

describe.skipIf(!PG_URL || !REDIS_URL)("views gathered in Redis by several nodes, drained to PostgreSQL", () => {
  let world: World | undefined;
  const clients: Redis[] = [];
  const prefix = `test:${crypto.randomBytes(4).toString("hex")}:`;
  /** Drain errors of the healthy nodes: there must be none. */
  let errors: unknown[] = [];
  afterEach(async () => {
    expect(errors).toEqual([]);
    errors = [];
    const keys = await clients[0]?.keys(`${prefix}*`);
    if (keys?.length) await clients[0]!.del(...keys);
    for (const c of clients.splice(0)) c.disconnect();
    await world?.cleanup();
  });

  async function setup() {
    world = await makeWorld({ dialect: "postgres" });
    const [p1, p2] = [await world.makePost(), await world.makePost()];
    const node = async () => {
      const r = await connectRedis(REDIS_URL as string, () => undefined);
      clients.push(r);
      return makeRedisViewStore(r, prefix, makeViewStore(world!.store), () => world!.clock.now(), (e) => errors.push(e));
    };
    const views = async (threadId: number) => (await makeThreadStore(world!.store).findThread(threadId))!.viewCount;
    const site = async () => (await world!.deps.stats.siteDays(DAY))[0];
    return { p1, p2, node, views, site, redis: () => clients[0]! };
  }

  it("adds every node's batches once, with one write per drain, and leaves nothing behind in Redis", async () => {
    const { p1, p2, node, views, site, redis } = await setup();
    const [a, b] = [await node(), await node()];
    await Promise.all([a.applyViews(batch([[p1.threadId, 3], [p2.threadId, 1]], 4, [["news.example", 2]])), b.applyViews(batch([[p1.threadId, 5]], 5))]);
    await a.drain();
    expect(await views(p1.threadId)).toBe(8);
    expect(await views(p2.threadId)).toBe(1);
    expect(await site()).toMatchObject({ readers: 9, views: 9 });
    // The site's own readers and referrers went through Redis too.
    expect(await world!.store.db.selectFrom("site_reader_days").select(["site_id", "day", "readers"]).execute()).toEqual([{ site_id: 1, day: DAY, readers: 9 }]);
    expect(await world!.store.db.selectFrom("site_referrer_days").select(["site_id", "host", "views"]).execute()).toEqual([{ site_id: 1, host: "news.example", views: 2 }]);
    expect(await redis().keys(`${prefix}views:*`)).toEqual([]);
    const drains = await world!.store.db.selectFrom("view_drains").select("id").execute();
    expect(drains.length).toBeGreaterThanOrEqual(1);
  });

  it("finishes a drain a crashed node left behind, and never counts an applied drain twice", async () => {
    const { p1, node, views, redis } = await setup();
    const n = await node();
    // What a node that died after setting its drain aside leaves in Redis: the drain and its id.
    const left = crypto.randomUUID();
    await redis().hincrby(`${prefix}views:draining:${left}`, `t|${DAY}|${p1.threadId}`, 7);
    await redis().sadd(`${prefix}views:drains`, left);
    // And one that died after its transaction committed, before cleaning up Redis.
    const applied = crypto.randomUUID();
    await redis().hincrby(`${prefix}views:draining:${applied}`, `t|${DAY}|${p1.threadId}`, 100);
    await redis().sadd(`${prefix}views:drains`, applied);
    await world!.store.db.insertInto("view_drains").values({ id: applied, applied_at: world!.clock.now() }).execute();

    await n.applyViews(batch([[p1.threadId, 2]], 2));
    expect(await views(p1.threadId)).toBe(9);
    expect(await redis().keys(`${prefix}views:*`)).toEqual([]);
  });

  it("writes a batch that arrived while another node was draining, once that node is done", async () => {
    const { p1, node, views, redis } = await setup();
    const n = await node();
    await redis().set(`${prefix}views:drain-lock`, "another-node", "PX", 30_000);
    await n.applyViews(batch([[p1.threadId, 6]], 6));
    expect(await views(p1.threadId)).toBe(0);
    await redis().del(`${prefix}views:drain-lock`);
    const started = Date.now();
    while ((await views(p1.threadId)) === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 50));
    expect(await views(p1.threadId)).toBe(6);
  });

  it("accepts a batch while the database is down (so the counter never sends it twice), and a later drain writes it", async () => {
    const { p1, node, views, redis } = await setup();
    const r = await connectRedis(REDIS_URL as string, () => undefined);
    clients.push(r);
    const brokenErrors: unknown[] = [];
    // A node whose database is gone (its pool closed): the batch must still be accepted by Redis.
    const other = await makeWorld({ dialect: "postgres" });
    await other.cleanup();
    const broken = makeRedisViewStore(r, prefix, makeViewStore(other.store), () => world!.clock.now(), (e) => brokenErrors.push(e));
    await broken.applyViews(batch([[p1.threadId, 4]], 4));
    expect(brokenErrors.length).toBe(1);
    expect(await redis().exists(`${prefix}views:pending`, `${prefix}views:drains`)).toBeGreaterThan(0);
    const healthy = await node();
    await healthy.drain();
    expect(await views(p1.threadId)).toBe(4);
    expect(await redis().keys(`${prefix}views:*`)).toEqual([]);
  });
});
