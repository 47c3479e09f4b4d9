import { withTransaction, type Store } from "./db.js";

/**
 * Daily digests. A notification for a subscription that asked for a digest is written (with the
 * comment, in its transaction, like any other) with status 'digest' instead of 'pending': held,
 * not sent on its own. Once a day the held ones of each address become one message: a row of kind
 * 'digest' that the worker sends like any other, its items pointing at it (`digest_id`) with
 * status 'in-digest'. Collecting is one transaction per address and the items are taken only while
 * they belong to no digest, so with several nodes each item lands in exactly one digest.
 */
export function makeDigestStore(store: Store) {
  const { db } = store;
  return {
    /** Turns the held notifications written before `cutoff` into one digest per address; how many digests. */
    async collect(cutoff: number, now: number): Promise<number> {
      const addresses = await db
        .selectFrom("outbox")
        .select(["to_address", "site_id"])
        .where("status", "=", "digest")
        .where("created_at", "<", cutoff)
        .groupBy(["to_address", "site_id"])
        .limit(500)
        .execute();
      let made = 0;
      for (const a of addresses) {
        const took = await withTransaction(store, async (trx) => {
          const digest = await trx
            .insertInto("outbox")
            .values({ kind: "digest", site_id: a.site_id, to_address: a.to_address, created_at: now, next_attempt_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          const r = await trx
            .updateTable("outbox")
            .set({ digest_id: digest.id, status: "in-digest" })
            .where("status", "=", "digest")
            .where("to_address", "=", a.to_address)
            .where("site_id", "=", a.site_id)
            .where("created_at", "<", cutoff)
            .where("digest_id", "is", null)
            .executeTakeFirst();
          // Another node took them first: no empty digest is left behind.
          if (Number(r.numUpdatedRows) === 0) await trx.deleteFrom("outbox").where("id", "=", digest.id).execute();
          return Number(r.numUpdatedRows) > 0;
        });
        if (took) made++;
      }
      return made;
    },

    /** A digest's items, oldest first: what each is about (for rendering when the digest is sent). */
    async itemsOf(digestId: number): Promise<Array<{ kind: string; subscriptionId: number | null; commentId: number | null }>> {
      const rows = await db.selectFrom("outbox").select(["kind", "subscription_id", "comment_id"]).where("digest_id", "=", digestId).orderBy("id").execute();
      return rows.map((r) => ({ kind: r.kind, subscriptionId: r.subscription_id === null ? null : Number(r.subscription_id), commentId: r.comment_id === null ? null : Number(r.comment_id) }));
    },
  };
}

export type DigestStore = ReturnType<typeof makeDigestStore>;

/**
 * The latest digest time at or before `now`: `hour` o'clock in `timeZone` (today's, or yesterday's
 * if today's has not come yet).
 */
export function lastDigestTime(now: number, timeZone: string, hour = 7): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(now))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  // The zone's offset now: its wall clock read as UTC, minus the real instant.
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = wall - Math.floor(now / 1000) * 1000;
  let at = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour) - offset;
  if (at > now) at -= 24 * 3_600_000;
  return at;
}
