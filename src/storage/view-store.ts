import type { ViewStore } from "../domain/views/ports.js";
import { withTransaction, type Store } from "./db.js";

/** Batched view tallies (one transaction per flush) and the day's reader hashes, saved at shutdown. */
export function makeViewStore(store: Store): ViewStore {
  const { db } = store;
  return {
    async getOrCreateSalt(day, candidate) {
      await db.insertInto("view_salts").values({ day, salt: candidate }).onConflict((oc) => oc.column("day").doNothing()).execute();
      await db.deleteFrom("view_salts").where("day", "<", day).execute();
      const row = await db.selectFrom("view_salts").select("salt").where("day", "=", day).executeTakeFirstOrThrow();
      return row.salt;
    },
    async listReaders(day) {
      const rows = await db.selectFrom("view_readers").select("reader_hash").where("day", "=", day).execute();
      return rows.map((r) => r.reader_hash);
    },
    async saveReaders(day, readers) {
      let chunk: Array<{ day: string; reader_hash: string }> = [];
      const write = async () => {
        const rows = chunk;
        chunk = [];
        await withTransaction(store, (trx) => trx.insertInto("view_readers").values(rows).onConflict((oc) => oc.columns(["day", "reader_hash"]).doNothing()).execute());
      };
      for (const reader_hash of readers) {
        chunk.push({ day, reader_hash });
        if (chunk.length === 500) await write();
      }
      if (chunk.length > 0) await write();
      await db.deleteFrom("view_readers").where("day", "<", day).execute();
    },
    async applyViews(batch) {
      await withTransaction(store, async (trx) => {
        let views = 0;
        for (const [threadId, n] of batch.counts) {
          views += n;
          await trx.updateTable("threads").set((eb) => ({ view_count: eb("view_count", "+", n) })).where("id", "=", threadId).execute();
          await trx
            .insertInto("view_days")
            .values({ thread_id: threadId, day: batch.day, views: n })
            .onConflict((oc) => oc.columns(["thread_id", "day"]).doUpdateSet((eb) => ({ views: eb("view_days.views", "+", n) })))
            .execute();
        }
        await trx
          .insertInto("site_days")
          .values({ day: batch.day, readers: batch.siteReaders, views })
          .onConflict((oc) => oc.column("day").doUpdateSet((eb) => ({ readers: eb("site_days.readers", "+", batch.siteReaders), views: eb("site_days.views", "+", views) })))
          .execute();
        for (const [host, n] of batch.referrers) {
          await trx
            .insertInto("referrer_days")
            .values({ day: batch.day, host, views: n })
            .onConflict((oc) => oc.columns(["day", "host"]).doUpdateSet((eb) => ({ views: eb("referrer_days.views", "+", n) })))
            .execute();
        }
      });
    },
  };
}
