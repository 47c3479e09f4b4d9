import { sql } from "kysely";
import type { RateCounter } from "../domain/moderation/flood-control.js";
import type { Store } from "./db.js";

/** One process's counters. JavaScript runs one callback at a time, so increment-and-read is atomic. */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { start: number; count: number; resetAt: number }>();
  private swept = 0;

  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const start = now - (now % windowMs);
    if (now - this.swept > 60_000) this.sweep(now);
    const w = this.windows.get(key);
    if (w && w.start === start) {
      w.count += 1;
      return { count: w.count, resetAt: w.resetAt };
    }
    const fresh = { start, count: 1, resetAt: start + windowMs };
    this.windows.set(key, fresh);
    return { count: 1, resetAt: fresh.resetAt };
  }

  private sweep(now: number): void {
    this.swept = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

/**
 * Counters every node shares, in one statement: the upsert either starts a new window or adds one
 * to the current one, and returns the count it produced, so no two requests can read the same
 * count (SECURITY.md §10). Used with PostgreSQL, where several nodes serve one site.
 */
export function makeSqlRateCounter(store: Store): RateCounter {
  let swept = 0;
  return {
    async hit(key, windowMs, now) {
      if (now - swept > 60_000) {
        swept = now;
        // Windows end within a day; older rows are history nobody reads.
        await store.db.deleteFrom("rate_counters").where("window_start", "<", now - 86_400_000).execute();
      }
      const start = now - (now % windowMs);
      const row = await store.db
        .insertInto("rate_counters")
        .values({ key, window_start: start, count: 1 })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            count: sql<number>`case when rate_counters.window_start = excluded.window_start then rate_counters.count + 1 else 1 end`,
            window_start: sql<number>`excluded.window_start`,
          }),
        )
        .returning(["count", "window_start"])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), resetAt: Number(row.window_start) + windowMs };
    },
  };
}
