import type { Selectable } from "kysely";
import type { DeliveryStatus, NewDelivery, WebhookDelivery, WebhookEventType, WebhookStore } from "../domain/webhooks/webhook.js";
import { withTransaction, type Store } from "./db.js";
import type { WebhookDeliveriesTable } from "./schema.js";

function toDelivery(r: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: r.id,
    siteId: Number(r.site_id),
    url: r.url,
    event: r.event as WebhookEventType,
    body: r.body,
    createdAt: Number(r.created_at),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    status: r.status as DeliveryStatus,
    lastResult: r.last_result,
    lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
  };
}

const deliveryRow = (d: NewDelivery) => ({ id: d.id, site_id: d.siteId, url: d.url, event: d.event, body: d.body, created_at: d.createdAt, next_attempt_at: d.createdAt });

export function makeWebhookStore(store: Store): WebhookStore {
  const { db } = store;
  return {
    async enqueueDelivery(d) {
      await db.insertInto("webhook_deliveries").values(deliveryRow(d)).onConflict((oc) => oc.column("id").doNothing()).execute();
    },
    async pendingEvents(limit) {
      const rows = await db.selectFrom("webhook_events").selectAll().orderBy("id").limit(limit).execute();
      return rows.map((r) => ({ id: Number(r.id), siteId: Number(r.site_id), commentId: Number(r.comment_id), event: r.event as WebhookEventType, at: Number(r.at) }));
    },
    async settleEvents(eventIds, deliveries) {
      if (eventIds.length === 0) return;
      await withTransaction(store, async (trx) => {
        if (deliveries.length > 0) await trx.insertInto("webhook_deliveries").values(deliveries.map(deliveryRow)).onConflict((oc) => oc.column("id").doNothing()).execute();
        await trx.deleteFrom("webhook_events").where("id", "in", [...eventIds]).execute();
      });
    },
    async claimDueDeliveries(now, limit, leaseMs) {
      return db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom("webhook_deliveries")
          .select("id")
          .where("status", "=", "pending")
          .where("next_attempt_at", "<=", now)
          .orderBy("next_attempt_at")
          .limit(limit)
          .execute();
        const claimed: WebhookDelivery[] = [];
        for (const { id } of due) {
          // Conditional: another node may have taken it since; the lease ends if this node dies mid-send.
          const row = await trx
            .updateTable("webhook_deliveries")
            .set({ next_attempt_at: now + leaseMs })
            .where("id", "=", id)
            .where("status", "=", "pending")
            .where("next_attempt_at", "<=", now)
            .returningAll()
            .executeTakeFirst();
          if (row) claimed.push(toDelivery(row));
        }
        return claimed;
      });
    },
    async recordAttempt(id, o) {
      await db
        .updateTable("webhook_deliveries")
        .set((eb) => ({ status: o.status, last_result: o.result.slice(0, 200), last_attempt_at: o.at, next_attempt_at: o.nextAttemptAt, attempts: eb("attempts", "+", 1) }))
        .where("id", "=", id)
        .execute();
    },
    async listDeliveries(siteId, limit) {
      return (await db.selectFrom("webhook_deliveries").selectAll().where("site_id", "=", siteId).orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute()).map(toDelivery);
    },
  };
}
