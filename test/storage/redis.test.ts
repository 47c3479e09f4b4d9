import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { RedisBus } from "../../src/events/redis-bus.js";
import { connectRedis } from "../../src/redis/connect.js";
import { makeRedisRateCounter } from "../../src/redis/rate-counter.js";
import { makeRedisSharedReaders } from "../../src/redis/shared-readers.js";
import { MemoryRateCounter } from "../../src/storage/rate-counters.js";
import { REDIS_URL } from "../helpers/world.js";

if (!REDIS_URL) console.warn("\n*** Redis tests SKIPPED: set TEST_REDIS_URL=redis://… to run them (CI always does) ***\n");

const quiet = () => undefined;

async function until(done: () => boolean, ms = 3000): Promise<void> {
  const started = Date.now();
  while (!done() && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 10));
}

describe.skipIf(!REDIS_URL)("Redis as the nodes' shared memory", () => {
  const clients: Redis[] = [];
  const prefix = `test:${crypto.randomBytes(4).toString("hex")}:`;
  const connect = async () => {
    const c = await connectRedis(REDIS_URL as string, quiet);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    const c = clients[0];
    if (c?.status === "ready") {
      const keys = await c.keys(`${prefix}*`);
      if (keys.length > 0) await c.del(...keys);
    }
    for (const x of clients.splice(0)) x.disconnect();
  });

  it("hands out every rate-limit count exactly once under 50 concurrent hits from two nodes", async () => {
    const [a, b] = [await connect(), await connect()];
    const counters = [a, b].map((r) => makeRedisRateCounter(r, prefix, new MemoryRateCounter(), quiet));
    const now = 1_800_000_030_000;
    const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => counters[i % 2]!.hit("comment:net:x", 60_000, now)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([1_800_000_060_000]));
    // A new window starts at one; the old window's key expires on its own.
    expect((await counters[0]!.hit("comment:net:x", 60_000, now + 60_000)).count).toBe(1);
    const ttl = await a.pttl(`${prefix}rate:comment:net:x:${now + 30_000}`);
    expect(ttl).toBeGreaterThan(0);
  });

  it("falls back to the database's counter when Redis fails, rather than lifting the limit", async () => {
    const r = await connect();
    const errors: unknown[] = [];
    const counter = makeRedisRateCounter(r, prefix, new MemoryRateCounter(), (e) => errors.push(e));
    r.disconnect();
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push((await counter.hit("k", 60_000, 0)).count);
    expect(counts).toEqual([1, 2, 3]);
    expect(errors.length).toBe(3);
  });

  it("tells which readers no node counted today, once each, and keeps one salt per day", async () => {
    const [a, b] = [await connect(), await connect()];
    let durable = 0;
    const salt = async (_day: string, candidate: string) => {
      durable++;
      return `durable-${candidate}`;
    };
    const ra = makeRedisSharedReaders(a, prefix, salt);
    const rb = makeRedisSharedReaders(b, prefix, salt);
    const [fa, fb] = await Promise.all([ra.claim("2026-11-28", ["aaa", "bbb", "ccc"]), rb.claim("2026-11-28", ["bbb", "ccc", "ddd"])]);
    // Every reader is new to exactly one of the two nodes.
    expect([...fa, ...fb].sort()).toEqual(["aaa", "bbb", "ccc", "ddd"]);
    expect(await ra.claim("2026-11-29", ["aaa"])).toEqual(new Set(["aaa"]));
    expect(await a.ttl(`${prefix}readers:2026-11-28`)).toBeGreaterThan(86_400);
    expect(await ra.salt("2026-11-28", "one")).toBe("durable-one");
    expect(await rb.salt("2026-11-28", "two")).toBe("durable-one");
    expect(durable).toBe(1);
    // 12,000 readers go in chunks and all come back new.
    const many = Array.from({ length: 12_000 }, (_, i) => i.toString(16).padStart(13, "0"));
    expect((await rb.claim("2026-11-30", many)).size).toBe(12_000);
  });

  it("carries events between nodes, never to another prefix, and reports a gap after a dropped connection", async () => {
    const [pa, pb, ps] = [await connect(), await connect(), await connect()];
    const a = new RedisBus(pa, `${prefix}events`);
    const b = new RedisBus(pb, `${prefix}events`, quiet, `${prefix}b`.replace(/:/g, "-"));
    const stranger = new RedisBus(ps, `${prefix}other:events`);
    await Promise.all([a.start(), b.start(), stranger.start()]);
    const got: Record<string, Array<[DomainEvent, boolean]>> = { a: [], b: [], stranger: [] };
    a.subscribe((e, o) => got.a!.push([e, o.remote]));
    b.subscribe((e, o) => got.b!.push([e, o.remote]));
    stranger.subscribe((e, o) => got.stranger!.push([e, o.remote]));
    try {
      expect(b.connected).toBe(true);
      const event: DomainEvent = { type: "comment.created", threadId: 7, commentId: 42 };
      a.publish(event);
      await until(() => got.b!.length > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(got.a).toEqual([[event, false]]);
      expect(got.b).toEqual([[event, true]]);
      expect(got.stranger).toEqual([]);

      // Cut B's subscriber connection from the server side: B reconnects and says it may have missed events.
      const line = String(await pa.client("LIST")).split("\n").find((l) => l.includes(` name=${`${prefix}b`.replace(/:/g, "-")} `));
      const id = /\bid=(\d+)/.exec(line ?? "")?.[1];
      expect(id).toBeDefined();
      await pa.client("KILL", "ID", id as string);
      await until(() => got.b!.some(([e]) => e.type === "events.gap"), 5000);
      expect(got.b!.map(([e]) => e.type)).toContain("events.gap");
      await until(() => b.connected, 5000);
      a.publish({ type: "comment.edited", threadId: 7, commentId: 42 });
      await until(() => got.b!.some(([e]) => e.type === "comment.edited"));
      expect(got.b!.map(([e]) => e.type)).toContain("comment.edited");
    } finally {
      await Promise.all([a.close(), b.close(), stranger.close()]);
    }
  });

  it("refuses to start against an unreachable Redis, naming it without the password", async () => {
    await expect(connectRedis("redis://:hunter2@127.0.0.1:1", quiet)).rejects.toThrow(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 .*Unset REDIS_URL/);
    await expect(connectRedis("redis://:hunter2@127.0.0.1:1", quiet)).rejects.not.toThrow(/hunter2/);
  });
});
