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
    async topReferrers(fromDay, limit, siteId) {
      // The installation's hosts, or one site's: the same columns in two tables.
      const from = siteId === undefined ? db.selectFrom("referrer_days") : db.selectFrom("site_referrer_days").where("site_id", "=", siteId);
      const rows = await (from as ReturnType<typeof db.selectFrom<"referrer_days">>)
        .select(["host", (eb) => eb.fn.sum<number>("views").as("views")])
        .where("day", ">=", fromDay)
        .groupBy("host")
        .orderBy("views", "desc")
        .orderBy("host")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ host: r.host, views: Number(r.views) }));
    },
    async siteReaderDays(siteId, fromDay) {
      const rows = await db.selectFrom("site_reader_days").select(["day", "readers"]).where("site_id", "=", siteId).where("day", ">=", fromDay).orderBy("day").execute();
      return rows.map((r) => ({ day: r.day, readers: Number(r.readers) }));
    },
    async commentTimes(fromMs, of = {}) {
      let q = db.selectFrom("comments").select("comments.created_at").where("comments.status", "=", "published").where("comments.created_at", ">=", fromMs);
      if (of.threadId !== undefined) q = q.where("comments.thread_id", "=", of.threadId);
      if (of.siteId !== undefined) q = q.innerJoin("threads", "threads.id", "comments.thread_id").where("threads.site_id", "=", of.siteId);
      return (await q.execute()).map((r) => Number(r.created_at));
    },
    async siteThreadDays(siteId, fromDay) {
      const rows = await db
        .selectFrom("view_days")
        .innerJoin("threads", "threads.id", "view_days.thread_id")
        .select(["view_days.day", (eb) => eb.fn.sum<number>("view_days.views").as("views")])
        .where("threads.site_id", "=", siteId)
        .where("view_days.day", ">=", fromDay)
        .groupBy("view_days.day")
        .orderBy("view_days.day")
        .execute();
      return rows.map((r) => ({ day: r.day, views: Number(r.views) }));
    },
    async topThreads(siteId, fromDay, limit) {
      const rows = await db
        .selectFrom("view_days")
        .innerJoin("threads", "threads.id", "view_days.thread_id")
        .leftJoin("posts", "posts.thread_id", "threads.id")
        .select(["threads.id as thread_id", "threads.page_title", "threads.page_url", "posts.title as post_title", "posts.slug as slug", (eb) => eb.fn.sum<number>("view_days.views").as("views")])
        .where("threads.site_id", "=", siteId)
        .where("view_days.day", ">=", fromDay)
        .groupBy(["threads.id", "threads.page_title", "threads.page_url", "posts.title", "posts.slug"])
        .orderBy("views", "desc")
        .orderBy("threads.id")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        threadId: Number(r.thread_id),
        title: r.page_title ?? r.post_title ?? `Discussion ${r.thread_id}`,
        url: r.page_url ?? (r.slug ? `/posts/${encodeURIComponent(r.slug)}` : ""),
        views: Number(r.views),
      }));
    },
  };
}
