import { sql, type Kysely } from "kysely";
import type { SharedReaders, ViewBatch, ViewStore } from "../domain/views/ports.js";
import type { Database } from "./schema.js";
import { withTransaction, type Store } from "./db.js";

/** Where views gathered elsewhere (Redis) are written, exactly once per drain. */
export interface ViewDrains {
  /** Applies the batches and records the drain's id in one transaction; false if that id was applied before. */
  applyDrain(id: string, batches: readonly ViewBatch[], at: number): Promise<boolean>;
}

/** The salt for `day`, stored once by whichever node or process asks first; older salts go. */
async function getOrCreateSalt(store: Store, day: string, candidate: string): Promise<string> {
  const { db } = store;
  await db.insertInto("view_salts").values({ day, salt: candidate }).onConflict((oc) => oc.column("day").doNothing()).execute();
  await db.deleteFrom("view_salts").where("day", "<", day).execute();
  const row = await db.selectFrom("view_salts").select("salt").where("day", "=", day).executeTakeFirstOrThrow();
  return row.salt;
}

/**
 * Readers shared by every node through the database (no Redis): each flush inserts its new readers
 * into `view_readers`, and only the rows it actually inserted count. One statement per 5,000 keys.
 */
export function makeSqlSharedReaders(store: Store): SharedReaders {
  let sweptDay = "";
  return {
    salt: (day, candidate) => getOrCreateSalt(store, day, candidate),
    async claim(day, readers) {
      if (sweptDay !== day) {
        sweptDay = day;
        await store.db.deleteFrom("view_readers").where("day", "<", day).execute();
      }
      const fresh = new Set<string>();
      for (let i = 0; i < readers.length; i += 5000) {
        const rows = readers.slice(i, i + 5000).map((reader_hash) => ({ day, reader_hash }));
        const inserted = await store.db
          .insertInto("view_readers")
          .values(rows)
          .onConflict((oc) => oc.columns(["day", "reader_hash"]).doNothing())
          .returning(sql<string>`reader_hash`.as("reader_hash"))
          .execute();
        for (const r of inserted) fresh.add(r.reader_hash);
      }
      return fresh;
    },
  };
}

/** Batched view tallies (one transaction per flush) and the day's reader hashes, saved at shutdown. */
export function makeViewStore(store: Store): ViewStore & ViewDrains {
  const { db } = store;
  return {
    getOrCreateSalt: (day, candidate) => getOrCreateSalt(store, day, candidate),
    async *listReaders(day) {
      // Keyset pages over the primary key: a busy day's million readers never sit in memory as rows at once.
      let after = "";
      for (;;) {
        const rows = await db.selectFrom("view_readers").select("reader_hash").where("day", "=", day).where("reader_hash", ">", after).orderBy("reader_hash").limit(10_000).execute();
        for (const r of rows) yield r.reader_hash;
        if (rows.length < 10_000) return;
        after = (rows.at(-1) as { reader_hash: string }).reader_hash;
      }
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
      await withTransaction(store, (trx) => applyBatch(trx, batch));
    },
    async applyDrain(id, batches, at) {
      return withTransaction(store, async (trx) => {
        const fresh = await trx.insertInto("view_drains").values({ id, applied_at: at }).onConflict((oc) => oc.column("id").doNothing()).returning("id").executeTakeFirst();
        if (!fresh) return false;
        for (const batch of batches) await applyBatch(trx, batch);
        await trx.deleteFrom("view_drains").where("applied_at", "<", at - 2 * 86_400_000).execute();
        return true;
      });
    },
  };
}

/** Adds one day's counts to threads, per-day tallies, the site's day and referrers. */
async function applyBatch(trx: Kysely<Database>, batch: ViewBatch): Promise<void> {
  let views = 0;
  for (const [threadId, n] of batch.counts) {
    if (n === 0) continue; // every view of it was counted by another node first
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
    if (n === 0) continue;
    await trx
      .insertInto("referrer_days")
      .values({ day: batch.day, host, views: n })
      .onConflict((oc) => oc.columns(["day", "host"]).doUpdateSet((eb) => ({ views: eb("referrer_days.views", "+", n) })))
      .execute();
  }
  for (const [siteId, site] of batch.sites) {
    if (site.readers !== 0)
      await trx
        .insertInto("site_reader_days")
        .values({ site_id: siteId, day: batch.day, readers: site.readers })
        .onConflict((oc) => oc.columns(["site_id", "day"]).doUpdateSet((eb) => ({ readers: eb("site_reader_days.readers", "+", site.readers) })))
        .execute();
    for (const [host, n] of site.referrers) {
      if (n === 0) continue;
      await trx
        .insertInto("site_referrer_days")
        .values({ site_id: siteId, day: batch.day, host, views: n })
        .onConflict((oc) => oc.columns(["site_id", "day", "host"]).doUpdateSet((eb) => ({ views: eb("site_referrer_days.views", "+", n) })))
        .execute();
    }
  }
}
