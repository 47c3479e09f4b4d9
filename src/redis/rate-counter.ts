import type { Redis } from "ioredis";
import type { RateCounter } from "../domain/moderation/flood-control.js";

// One round trip, atomic: the first hit of a window sets its expiry.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
return count`;

/**
 * Rate-limit counters in Redis, shared by every node: one key per limit and window, `INCR` in a
 * script so no two requests read the same count. If Redis fails, the hit is counted by `fallback`
 * (the PostgreSQL table), so a Redis outage neither lifts the limits nor refuses everyone.
 */
export function makeRedisRateCounter(redis: Redis, prefix: string, fallback: RateCounter, onError: (err: unknown) => void): RateCounter {
  redis.defineCommand("broadsheetHit", { numberOfKeys: 1, lua: HIT });
  const hit = (redis as unknown as { broadsheetHit(key: string, expireAt: string): Promise<number> }).broadsheetHit.bind(redis);
  return {
    async hit(key, windowMs, now) {
      const start = now - (now % windowMs);
      const resetAt = start + windowMs;
      try {
        return { count: Number(await hit(`${prefix}rate:${key}:${start}`, String(resetAt + 1000))), resetAt };
      } catch (err) {
        onError(err);
        return fallback.hit(key, windowMs, now);
      }
    },
  };
}
