import type { ViewStore } from "../domain/views/ports.js";
import { withTransaction, type Store } from "./db.js";

/** Batched view tallies: one transaction per flush, however many views it carries. */
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
    async applyViews(batch) {
      // Reader hashes go in chunks, each its own short transaction, so a flush after a burst of
      // thousands of readers never holds the event loop (or the write lock) for long.
      const chunks: Array<Array<{ day: string; reader_hash: string }>> = [];
      for (let i = 0; i < batch.readers.length; i += 500) {
        chunks.push(batch.readers.slice(i, i + 500).map((reader_hash) => ({ day: batch.day, reader_hash })));
      }
      const insertReaders = (trx: Store["db"], rows: Array<{ day: string; reader_hash: string }>) =>
        trx.insertInto("view_readers").values(rows).onConflict((oc) => oc.columns(["day", "reader_hash"]).doNothing()).execute();
      const last = chunks.pop();
      for (const rows of chunks) await withTransaction(store, (trx) => insertReaders(trx, rows));
      await withTransaction(store, async (trx) => {
        if (last) await insertReaders(trx, last);
        for (const [threadId, n] of batch.counts) {
          await trx.updateTable("threads").set((eb) => ({ view_count: eb("view_count", "+", n) })).where("id", "=", threadId).execute();
          await trx
            .insertInto("view_days")
            .values({ thread_id: threadId, day: batch.day, views: n })
            .onConflict((oc) => oc.columns(["thread_id", "day"]).doUpdateSet((eb) => ({ views: eb("view_days.views", "+", n) })))
            .execute();
        }
        let views = 0;
        for (const n of batch.counts.values()) views += n;
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
        await trx.deleteFrom("view_readers").where("day", "<", batch.day).execute();
      });
    },
  };
}
