import type { Selectable } from "kysely";
import type { Subscription, SubscriptionStore } from "../domain/notifications/subscriptions.js";
import { withTransaction, type Store } from "./db.js";
import { insertMails } from "./outbox-store.js";
import type { SubscriptionsTable } from "./schema.js";

const toSubscription = (r: Selectable<SubscriptionsTable>): Subscription => ({
  id: Number(r.id),
  siteId: Number(r.site_id),
  threadId: Number(r.thread_id),
  commentId: r.comment_id === null ? null : Number(r.comment_id),
  userId: r.user_id === null ? null : Number(r.user_id),
  email: r.email,
  confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at),
  digest: Number(r.digest) === 1,
});

export function makeSubscriptionStore(store: Store): SubscriptionStore {
  const { db } = store;
  return {
    insertSubscription: (s, confirmation) =>
      withTransaction(store, async (trx) => {
        const row = await trx
          .insertInto("subscriptions")
          .values({ site_id: s.siteId, thread_id: s.threadId, comment_id: s.commentId, user_id: s.userId, email: s.email, confirmed_at: s.confirmedAt, created_at: s.createdAt, digest: s.digest ? 1 : 0 })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (confirmation) {
          const t = confirmation.token;
          await trx
            .insertInto("mail_tokens")
            .values({ token_hash: t.tokenHash, purpose: t.purpose, user_id: null, subscription_id: Number(row.id), email: t.email, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null })
            .execute();
          await insertMails(trx, [confirmation.mail], t.createdAt);
        }
        return toSubscription(row);
      }),
    async findSubscription(id) {
      const r = await db.selectFrom("subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toSubscription(r);
    },
    async hasConfirmedAddress(email) {
      return (await db.selectFrom("subscriptions").select("id").where("email", "=", email).where("user_id", "is", null).where("confirmed_at", "is not", null).executeTakeFirst()) !== undefined;
    },
    confirmByToken: (tokenHash, now) =>
      withTransaction(store, async (trx) => {
        const t = await trx
          .updateTable("mail_tokens")
          .set({ used_at: now })
          .where("token_hash", "=", tokenHash)
          .where("purpose", "=", "confirm-subscription")
          .where("used_at", "is", null)
          .where("expires_at", ">", now)
          .returning("subscription_id")
          .executeTakeFirst();
        if (!t || t.subscription_id === null) return undefined;
        const r = await trx.updateTable("subscriptions").set({ confirmed_at: now }).where("id", "=", Number(t.subscription_id)).returningAll().executeTakeFirst();
        return r && toSubscription(r);
      }),
    deleteSubscription: (id, everyOfAddress, now) =>
      withTransaction(store, async (trx) => {
        const one = await trx.selectFrom("subscriptions").select(["id", "email"]).where("id", "=", id).executeTakeFirst();
        if (!one) return 0;
        const ids = everyOfAddress ? (await trx.selectFrom("subscriptions").select("id").where("email", "=", one.email).execute()).map((r) => Number(r.id)) : [Number(one.id)];
        await trx.updateTable("outbox").set({ status: "cancelled", last_error: "unsubscribed" }).where("subscription_id", "in", ids).where("status", "=", "pending").execute();
        await trx.updateTable("mail_tokens").set({ used_at: now }).where("subscription_id", "in", ids).where("used_at", "is", null).execute();
        const r = await trx.deleteFrom("subscriptions").where("id", "in", ids).executeTakeFirst();
        return Number(r.numDeletedRows);
      }),
    async listSubscriptionsOf(userId) {
      return (await db.selectFrom("subscriptions").selectAll().where("user_id", "=", userId).orderBy("id").execute()).map(toSubscription);
    },
    async describeSubscriptionsOf(userId, publicUrl) {
      const rows = await db
        .selectFrom("subscriptions")
        .innerJoin("threads", "threads.id", "subscriptions.thread_id")
        .leftJoin("posts", "posts.thread_id", "threads.id")
        .selectAll("subscriptions")
        .select(["posts.slug", "posts.title", "threads.page_url", "threads.page_title"])
        .where("subscriptions.user_id", "=", userId)
        .orderBy("subscriptions.id")
        .execute();
      return rows.map((r) => ({
        ...toSubscription(r),
        title: r.title ?? r.page_title ?? r.page_url ?? "",
        href: r.slug !== null ? `${publicUrl}/posts/${encodeURIComponent(r.slug)}` : (r.page_url ?? publicUrl),
      }));
    },
    async setDigest(id, digest) {
      await db.updateTable("subscriptions").set({ digest: digest ? 1 : 0 }).where("id", "=", id).execute();
    },
  };
}
