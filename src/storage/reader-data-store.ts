import { sql } from "kysely";
import type { ReaderData, ReaderDataStore } from "../domain/users/reader-data.js";
import { nameKey } from "../domain/users/reserved-names.js";
import { withTransaction, type Store } from "./db.js";
import { queueWebhookEventsOfAuthor } from "./webhook-events.js";

/** A reader's own data: what they may download, change and delete. */
export function makeReaderDataStore(store: Store): ReaderDataStore {
  const { db } = store;
  return {
    async collect(userId): Promise<ReaderData | undefined> {
      const u = await db.selectFrom("users").select(["id", "email", "display_name", "role", "created_at", "email_verified_at"]).where("id", "=", userId).executeTakeFirst();
      if (!u) return undefined;
      const comments = await db
        .selectFrom("comments")
        .innerJoin("threads", "threads.id", "comments.thread_id")
        .leftJoin("posts", "posts.thread_id", "threads.id")
        .select(["comments.id", "comments.number_path", "comments.body_source", "comments.status", "comments.created_at", "comments.edited_at", "posts.slug", "posts.title", "threads.page_url", "threads.page_title"])
        .where("comments.author_user_id", "=", userId)
        .orderBy("comments.id")
        .execute();
      const subscriptions = await db.selectFrom("subscriptions").select(["id", "thread_id", "comment_id", "confirmed_at", "created_at"]).where("user_id", "=", userId).orderBy("id").execute();
      return {
        account: { id: Number(u.id), email: u.email, displayName: u.display_name, role: u.role, createdAt: Number(u.created_at), emailVerifiedAt: u.email_verified_at === null ? null : Number(u.email_verified_at) },
        comments: comments.map((c) => ({
          id: Number(c.id),
          number: c.number_path,
          discussion: c.slug ? { post: c.slug, title: c.title ?? "" } : { page: c.page_url ?? "", title: c.page_title ?? "" },
          text: c.body_source,
          status: c.status,
          createdAt: Number(c.created_at),
          editedAt: c.edited_at === null ? null : Number(c.edited_at),
        })),
        subscriptions: subscriptions.map((s) => ({ id: Number(s.id), threadId: Number(s.thread_id), commentId: s.comment_id === null ? null : Number(s.comment_id), confirmed: s.confirmed_at !== null, createdAt: Number(s.created_at) })),
      };
    },

    async rename(userId, displayName) {
      await db.updateTable("users").set({ display_name: displayName, name_key: nameKey(displayName) }).where("id", "=", userId).execute();
    },

    async isNameTakenByOther(key, userId) {
      return (await db.selectFrom("users").select("id").where("name_key", "=", key).where("id", "<>", userId).executeTakeFirst()) !== undefined;
    },

    changeEmail: (userId, email, now) =>
      withTransaction(store, async (trx) => {
        const taken = await trx.selectFrom("users").select("id").where("email", "=", email).where("id", "<>", userId).executeTakeFirst();
        if (taken) return false;
        await trx.updateTable("users").set({ email, email_verified_at: now }).where("id", "=", userId).execute();
        await trx.updateTable("subscriptions").set({ email }).where("user_id", "=", userId).execute();
        return true;
      }),

    /**
     * Deletes the account in one transaction. Its comments stay, either as "Anonymous" (no name,
     * no website, no account) or as "removed by the author" tombstones that keep their numbers;
     * its subscriptions, sessions, tokens and pending mail go; each thread it wrote in is bumped
     * so cached pages are rebuilt. Returns those threads.
     */
    deleteAccount: (userId, mode, now) =>
      withTransaction(store, async (trx) => {
        const threads = (await trx.selectFrom("comments").select("thread_id").distinct().where("author_user_id", "=", userId).execute()).map((r) => Number(r.thread_id));
        const email = (await trx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst())?.email;
        // Sites with a webhook hear of each comment that changes, from this transaction.
        await queueWebhookEventsOfAuthor(trx, userId, ["published", "pending"], mode === "remove" ? "comment.removed" : "comment.edited", now);
        if (mode === "remove") {
          await trx.updateTable("comments").set({ status: "removed_by_author", removed_at: now }).where("author_user_id", "=", userId).where("status", "in", ["published", "pending"]).execute();
        }
        await trx.updateTable("comments").set({ author_user_id: null, author_name: null, author_website: null }).where("author_user_id", "=", userId).execute();
        for (const t of threads) {
          await sql`update threads set version = version + 1, comment_count = (select count(*) from comments where thread_id = ${t} and status = 'published') where id = ${t}`.execute(trx);
        }
        const subs = (await trx.selectFrom("subscriptions").select("id").where("user_id", "=", userId).execute()).map((r) => Number(r.id));
        if (subs.length > 0) await trx.updateTable("outbox").set({ status: "cancelled", last_error: "account deleted" }).where("subscription_id", "in", subs).where("status", "=", "pending").execute();
        if (email) await trx.updateTable("outbox").set({ status: "cancelled", last_error: "account deleted", text_body: null, html_body: null }).where("to_address", "=", email).where("status", "=", "pending").execute();
        await trx.deleteFrom("subscriptions").where("user_id", "=", userId).execute();
        await trx.deleteFrom("mail_tokens").where("user_id", "=", userId).execute();
        await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
        await trx.deleteFrom("sso_identities").where("user_id", "=", userId).execute();
        await trx.deleteFrom("author_stats").where("author_key", "=", `user:${userId}`).execute();
        await trx.deleteFrom("users").where("id", "=", userId).execute();
        return threads;
      }),
  };
}
