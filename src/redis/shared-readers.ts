import type { Redis } from "ioredis";
import type { SharedReaders } from "../domain/views/ports.js";

// Adds each reader to the day's set and returns the ones that were not in it yet.
const CLAIM = `
local fresh = {}
for i = 1, #ARGV - 1 do
  if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then fresh[#fresh + 1] = ARGV[i] end
end
redis.call('EXPIRE', KEYS[1], ARGV[#ARGV])
return fresh`;

const TWO_DAYS_S = 2 * 86_400;

/**
 * The day's counted readers as one Redis set per day (expiring after two days), and the day's salt
 * cached in Redis. The salt itself is kept by `durableSalt` (the database), so a Redis restart does
 * not change it mid-day; a restart does forget the day's readers, who may then count once more.
 * A failed claim throws: the node keeps its batch and tries again at the next flush.
 */
export function makeRedisSharedReaders(redis: Redis, prefix: string, durableSalt: SharedReaders["salt"]): SharedReaders {
  redis.defineCommand("broadsheetClaim", { numberOfKeys: 1, lua: CLAIM });
  const claim = (redis as unknown as { broadsheetClaim(key: string, ...args: string[]): Promise<string[]> }).broadsheetClaim.bind(redis);
  return {
    async salt(day, candidate) {
      const key = `${prefix}salt:${day}`;
      const cached = await redis.get(key);
      if (cached) return cached;
      const salt = await durableSalt(day, candidate);
      await redis.set(key, salt, "EX", TWO_DAYS_S);
      return salt;
    },
    async claim(day, readers) {
      const fresh = new Set<string>();
      for (let i = 0; i < readers.length; i += 5000) {
        for (const r of await claim(`${prefix}readers:${day}`, ...readers.slice(i, i + 5000), String(TWO_DAYS_S))) fresh.add(r);
      }
      return fresh;
    },
  };
}
