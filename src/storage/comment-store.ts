import type { CommentStore, NewComment, ThreadPage } from "../domain/comments/ports.js";
import { queueNotifications } from "./reply-notifications.js";
import { queueWebhookEvent } from "./webhook-events.js";
import { retryOnDeadlock } from "./retry-deadlock.js";
import { insertInOneStatement } from "./comments/insert-postgres.js";
import { insertInTransaction } from "./comments/insert-sqlite.js";
import { sql } from "kysely";
import { PUBLIC_COLUMNS, toComment, type CommentRow } from "./comments/rows.js";
import { authorKeyOf, countStatusChange } from "./author-stats.js";
import { withTransaction, type Store } from "./db.js";
import { VISIBLE_MODES } from "../domain/threads/access.js";
import { LIVE_STATUSES } from "../domain/posts/post.js";

const PUBLIC_LIST = sql.raw(PUBLIC_COLUMNS.map((c) => `"${c}"`).join(", "));
const findCommentQuery = (id: number) => sql<CommentRow>`select ${PUBLIC_LIST} from comments where id = ${id}`;

/** Comments on SQLite or PostgreSQL: numbering and counters change in the same transaction as the row. */
export function makeCommentStore(store: Store): CommentStore {
  const { db } = store;
  return {
    async findComment(id) {
      // Every vote, reply, edit and report reads this first: one fixed statement (prepared once), not the builder.
      const { rows } = await findCommentQuery(id).execute(db);
      return rows[0] && toComment(rows[0]);
    },

    async findEditTokenHash(id) {
      const row = await db.selectFrom("comments").select("edit_token_hash").where("id", "=", id).executeTakeFirst();
      return row?.edit_token_hash;
    },

    async listThreadComments(threadId) {
      const rows = await db.selectFrom("comments").select(PUBLIC_COLUMNS).where("thread_id", "=", threadId).orderBy("id").execute();
      return rows.map(toComment);
    },

    async listReadingPage(threadId, page) {
      let q = db.selectFrom("comments").select([...PUBLIC_COLUMNS, "root_number"]).where("thread_id", "=", threadId);
      if (page.afterRoot !== undefined) q = q.where("root_number", page.newestFirst ? "<" : ">", page.afterRoot);
      const rows = await q
        .orderBy("root_number", page.newestFirst ? "desc" : "asc")
        .orderBy("id")
        .limit(page.max + 1)
        .execute();
      if (rows.length <= page.max) return { comments: rows.map(toComment), nextRoot: null };
      // One row too many: the page ends with the last whole top-level comment before it.
      const cutRoot = Number(rows[page.max]?.root_number);
      const whole = rows.filter((r) => Number(r.root_number) !== cutRoot);
      const kept = whole.length > 0 ? whole : rows.slice(0, page.max);
      return { comments: kept.map(toComment), nextRoot: Number(kept[kept.length - 1]?.root_number) };
    },

    async rootSizes(threadId) {
      const rows = await db
        .selectFrom("comments")
        .select((eb) => ["root_number", eb.fn.countAll().as("n")])
        .where("thread_id", "=", threadId)
        .groupBy("root_number")
        .orderBy("root_number")
        .execute();
      return rows.map((r) => [Number(r.root_number), Number(r.n)]);
    },

    async hasHeldComments(threadId, by) {
      if (by.ids.length === 0 && by.userId === undefined) return false;
      const row = await db
        .selectFrom("comments")
        .select("id")
        .where("thread_id", "=", threadId)
        .where("status", "in", ["pending", "spam"])
        .where((eb) => {
          const any = [];
          if (by.ids.length > 0) any.push(eb("id", "in", [...by.ids]));
          if (by.userId !== undefined) any.push(eb("author_user_id", "=", by.userId));
          return eb.or(any);
        })
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listRecentComments({ limit, siteId, threadId, now }) {
      // The access rule in SQL: the thread's own mode shows comments and its post (if any) is public.
      let q = db
        .selectFrom("comments")
        .innerJoin("threads", "threads.id", "comments.thread_id")
        .leftJoin("posts", "posts.thread_id", "comments.thread_id")
        .select(PUBLIC_COLUMNS.map((c) => `comments.${c}` as const))
        .where("comments.status", "=", "published")
        .where("threads.site_id", "=", siteId)
        .where("threads.mode", "in", VISIBLE_MODES)
        .where((w) => w.or([w("posts.id", "is", null), w.and([w("posts.status", "in", LIVE_STATUSES), w("posts.published_at", "<=", now)])]));
      if (threadId !== undefined) q = q.where("comments.thread_id", "=", threadId);
      return (await q.orderBy("comments.created_at", "desc").orderBy("comments.id", "desc").limit(limit).execute()).map(toComment);
    },

    async listThreadPage(threadId, afterNumber, limit): Promise<ThreadPage> {
      const roots = await db
        .selectFrom("comments")
        .select("number")
        .where("thread_id", "=", threadId)
        .where("parent_id", "is", null)
        .where("number", ">", afterNumber)
        .orderBy("number")
        .limit(limit + 1)
        .execute();
      if (roots.length === 0) return { comments: [], nextCursor: null };
      const page = roots.slice(0, limit);
      const last = Number(page[page.length - 1]?.number);
      const rows = await db
        .selectFrom("comments")
        .select(PUBLIC_COLUMNS)
        .where("thread_id", "=", threadId)
        .where("root_number", ">", afterNumber)
        .where("root_number", "<=", last)
        .orderBy("id")
        .execute();
      return { comments: rows.map(toComment), nextCursor: roots.length > limit ? last : null };
    },

    async insertComment(c: NewComment) {
      if (store.dialect === "postgres") return retryOnDeadlock(() => insertInOneStatement(store.db, c));
      return withTransaction(store, (trx) => insertInTransaction(trx, c));
    },

    async updateCommentBody(id, change) {
      return withTransaction(store, async (trx) => {
        const before = await trx.selectFrom("comments").select(["status", "author_user_id", "network_hash"]).where("id", "=", id).executeTakeFirst();
        const row = await trx
          .updateTable("comments")
          .set({
            body_source: change.bodySource,
            body_html: change.bodyHtml,
            edited_at: change.editedAt,
            ...(change.status ? { status: change.status } : {}),
            screening: change.screening.length > 0 ? JSON.stringify(change.screening) : null,
            spam_score: change.spamScore,
            fingerprint: change.fingerprint,
          })
          .where("id", "=", id)
          .where("edit_token_hash", "=", change.editTokenHash)
          .where("created_at", ">=", change.createdSince)
          .where("status", "in", ["published", "pending"])
          .returning(PUBLIC_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        const delta = (row.status === "published" ? 1 : 0) - (before?.status === "published" ? 1 : 0);
        await bumpVersion(trx, Number(row.thread_id), delta);
        if (row.status === "published" && before?.status !== "published") await queueNotifications(trx, [Number(row.id)], change.editedAt);
        await queueWebhookEvent(trx, Number(row.id), "comment.edited", change.editedAt);
        if (before) await countStatusChange(trx, authorKeyOf(before), before.status, row.status);
        return toComment(row);
      });
    },

    async removeCommentByAuthor(id, change) {
      return withTransaction(store, async (trx) => {
        const before = await trx.selectFrom("comments").select(["status", "author_user_id", "network_hash"]).where("id", "=", id).executeTakeFirst();
        const row = await trx
          .updateTable("comments")
          .set({ status: "removed_by_author", removed_at: change.removedAt })
          .where("id", "=", id)
          .where("edit_token_hash", "=", change.editTokenHash)
          .where("status", "in", ["published", "pending"])
          .returning(PUBLIC_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        await bumpVersion(trx, Number(row.thread_id), before?.status === "published" ? -1 : 0);
        if (before) await countStatusChange(trx, authorKeyOf(before), before.status, "removed_by_author");
        await queueWebhookEvent(trx, Number(row.id), "comment.removed", change.removedAt);
        return toComment(row);
      });
    },
  };
}

export async function bumpVersion(trx: Store["db"], threadId: number, commentDelta: number): Promise<void> {
  await trx
    .updateTable("threads")
    .set((eb) => ({ comment_count: eb("comment_count", "+", commentDelta), version: eb("version", "+", 1) }))
    .where("id", "=", threadId)
    .execute();
}
