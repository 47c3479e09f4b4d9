import type { StatsStore } from "../domain/stats/reader-stats.js";
import type { Store } from "./db.js";

export function makeStatsStore({ db }: Store): StatsStore {
  return {
    async siteDays(fromDay) {
      const rows = await db.selectFrom("site_days").selectAll().where("day", ">=", fromDay).orderBy("day").execute();
      return rows.map((r) => ({ day: r.day, readers: Number(r.readers), views: Number(r.views) }));
    },
    async threadDays(threadId, fromDay) {
      const rows = await db.selectFrom("view_days").select(["day", "views"]).where("thread_id", "=", threadId).where("day", ">=", fromDay).orderBy("day").execute();
      return rows.map((r) => ({ day: r.day, views: Number(r.views) }));
    },
    async topReferrers(fromDay, limit) {
      const rows = await db
        .selectFrom("referrer_days")
        .select(["host", (eb) => eb.fn.sum<number>("views").as("views")])
        .where("day", ">=", fromDay)
        .groupBy("host")
        .orderBy("views", "desc")
        .orderBy("host")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ host: r.host, views: Number(r.views) }));
    },
    async commentTimes(fromMs, threadId) {
      let q = db.selectFrom("comments").select("created_at").where("status", "=", "published").where("created_at", ">=", fromMs);
      if (threadId !== undefined) q = q.where("thread_id", "=", threadId);
      return (await q.execute()).map((r) => Number(r.created_at));
    },
  };
}
