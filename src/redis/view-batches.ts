import crypto from "node:crypto";
import type { Redis } from "ioredis";
import type { ViewBatch, ViewStore } from "../domain/views/ports.js";
import type { ViewDrains } from "../storage/view-store.js";

// Sets the pending counts aside under a drain id, atomically, and remembers the id until it is written.
const BEGIN_DRAIN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1`;

// Releases the drain lock only if this node still holds it.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Views of every node gathered in Redis, written to the database by one node at a time. Each node's
 * flush adds its batch to one Redis hash (`HINCRBY` in `MULTI`), then tries to drain: under a lock,
 * the hash is renamed to a drain of its own, and the drain is written in one transaction that also
 * records its id — so the database takes one UPDATE per thread per drain however many nodes there
 * are, and a drain retried after a crash (id already recorded) is not counted twice. A drain left
 * behind by a crashed node is finished by the next one. Until drained, views live only in Redis:
 * a Redis restart loses at most those (seconds of views, never anything a reader wrote).
 */
export function makeRedisViewStore(
  redis: Redis,
  prefix: string,
  durable: ViewStore & ViewDrains,
  now: () => number,
  onError: (err: unknown) => void,
): ViewStore & { drain(): Promise<void> } {
  redis.defineCommand("broadsheetBeginDrain", { numberOfKeys: 3, lua: BEGIN_DRAIN });
  redis.defineCommand("broadsheetRelease", { numberOfKeys: 1, lua: RELEASE });
  const commands = redis as unknown as {
    broadsheetBeginDrain(pending: string, draining: string, drains: string, id: string): Promise<number>;
    broadsheetRelease(lock: string, token: string): Promise<number>;
  };
  const pending = `${prefix}views:pending`;
  const drains = `${prefix}views:drains`;
  const lock = `${prefix}views:drain-lock`;
  const drainingKey = (id: string) => `${prefix}views:draining:${id}`;

  let retry: NodeJS.Timeout | undefined;
  async function drain(): Promise<void> {
    const token = crypto.randomUUID();
    if ((await redis.set(lock, token, "PX", 30_000, "NX")) !== "OK") {
      // Another node is draining, and this node's batch may have arrived after it set the hash aside.
      retry ??= setTimeout(() => {
        retry = undefined;
        if (redis.status === "ready") drain().catch(onError); // not after the node let go of Redis
      }, 500).unref();
      return;
    }
    try {
      // Batches that arrive while a drain is written are taken by the next round (a few at most).
      for (let round = 0; round < 5 && (await redis.exists(pending, drains)) > 0; round++) {
        const id = crypto.randomUUID();
        await commands.broadsheetBeginDrain(pending, drainingKey(id), drains, id);
        // This drain, and any a crashed node left behind.
        for (const each of await redis.smembers(drains)) {
          const batches = toBatches(await redis.hgetall(drainingKey(each)));
          await durable.applyDrain(each, batches, now());
          await redis.multi().del(drainingKey(each)).srem(drains, each).exec();
        }
      }
    } finally {
      await commands.broadsheetRelease(lock, token);
    }
  }

  return {
    getOrCreateSalt: (day, candidate) => durable.getOrCreateSalt(day, candidate),
    listReaders: (day) => durable.listReaders(day),
    saveReaders: (day, readers) => durable.saveReaders(day, readers),
    async applyViews(batch) {
      const m = redis.multi();
      for (const [threadId, n] of batch.counts) if (n !== 0) m.hincrby(pending, `t|${batch.day}|${threadId}`, n);
      if (batch.siteReaders !== 0) m.hincrby(pending, `r|${batch.day}`, batch.siteReaders);
      for (const [host, n] of batch.referrers) if (n !== 0) m.hincrby(pending, `h|${batch.day}|${host}`, n);
      for (const [siteId, site] of batch.sites) {
        if (site.readers !== 0) m.hincrby(pending, `s|${batch.day}|${siteId}`, site.readers);
        for (const [host, n] of site.referrers) if (n !== 0) m.hincrby(pending, `sh|${batch.day}|${siteId}|${host}`, n);
      }
      const results = await m.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error("Redis refused the view batch");
      // The batch is in Redis now: a failed drain must not make the counter send it again.
      await drain().catch(onError);
    },
    drain,
  };
}

/** The drained hash back into one batch per day. */
function toBatches(fields: Record<string, string>): ViewBatch[] {
  type Site = { readers: number; referrers: Map<string, number> };
  const days = new Map<string, { counts: Map<number, number>; siteReaders: number; referrers: Map<string, number>; sites: Map<number, Site> }>();
  const dayOf = (day: string) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = { counts: new Map(), siteReaders: 0, referrers: new Map(), sites: new Map() }));
    return d;
  };
  const siteOf = (day: string, siteId: number) => {
    const d = dayOf(day);
    let s = d.sites.get(siteId);
    if (!s) d.sites.set(siteId, (s = { readers: 0, referrers: new Map() }));
    return s;
  };
  for (const [field, value] of Object.entries(fields)) {
    const [kind, day = "", rest = "", host = ""] = field.split("|");
    const n = Number(value);
    if (kind === "t") dayOf(day).counts.set(Number(rest), n);
    else if (kind === "r") dayOf(day).siteReaders = n;
    else if (kind === "h") dayOf(day).referrers.set(rest, n);
    else if (kind === "s") siteOf(day, Number(rest)).readers = n;
    else if (kind === "sh") siteOf(day, Number(rest)).referrers.set(host, n);
  }
  return [...days].map(([day, d]) => ({ day, ...d }));
}
