import { sql, type Kysely, type Selectable } from "kysely";
import { DomainError } from "../domain/shared/errors.js";
import type { Comment, CommentStatus } from "../domain/comments/comment.js";
import type { CommentStore, NewComment, ThreadPage } from "../domain/comments/ports.js";
import { notificationCte, queueNotifications } from "./reply-notifications.js";
import { authorKeyOf, contribution, countStatusChange } from "./author-stats.js";
import { withTransaction, type Store } from "./db.js";
import type { CommentsTable, Database } from "./schema.js";
import { VISIBLE_MODES } from "../domain/threads/access.js";
import { LIVE_STATUSES } from "../domain/posts/post.js";

const PUBLIC_COLUMNS = [
  "id", "thread_id", "parent_id", "number_path", "replying_to_id", "author_name", "author_website", "author_user_id",
  "body_source", "body_html", "status", "created_at", "edited_at", "featured_at",
] as const;

type CommentRow = Pick<Selectable<CommentsTable>, (typeof PUBLIC_COLUMNS)[number]>;

export { PUBLIC_COLUMNS as COMMENT_COLUMNS };

export function toComment(r: CommentRow): Comment {
  return {
    id: Number(r.id),
    threadId: Number(r.thread_id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    numberPath: r.number_path.split(".").map(Number),
    replyingToId: r.replying_to_id === null ? null : Number(r.replying_to_id),
    authorName: r.author_name,
    authorWebsite: r.author_website,
    authorUserId: r.author_user_id === null ? null : Number(r.author_user_id),
    bodySource: r.body_source,
    bodyHtml: r.body_html,
    status: r.status as CommentStatus,
    createdAt: Number(r.created_at),
    editedAt: r.edited_at === null ? null : Number(r.edited_at),
    featuredAt: r.featured_at == null ? null : Number(r.featured_at),
  };
}

/** Comments on SQLite or PostgreSQL: numbering and counters change in the same transaction as the row. */
export function makeCommentStore(store: Store): CommentStore {
  const { db } = store;
  return {
    async findComment(id) {
      const row = await db.selectFrom("comments").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
      return row && toComment(row);
    },

    async findEditTokenHash(id) {
      const row = await db.selectFrom("comments").select("edit_token_hash").where("id", "=", id).executeTakeFirst();
      return row?.edit_token_hash;
    },

    async listThreadComments(threadId) {
      const rows = await db.selectFrom("comments").select(PUBLIC_COLUMNS).where("thread_id", "=", threadId).orderBy("id").execute();
      return rows.map(toComment);
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
      if (store.dialect === "postgres") return insertInOneStatement(store.db, c);
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

/** A new comment's stored columns, but for its number and place in the tree. */
export function newCommentRow(c: NewComment) {
  return {
    thread_id: c.threadId,
    parent_id: c.parentId,
    replying_to_id: c.replyingToId,
    author_name: c.authorName,
    author_website: c.authorWebsite,
    author_user_id: c.authorUserId,
    body_source: c.bodySource,
    body_html: c.bodyHtml,
    status: c.status,
    created_at: c.createdAt,
    edited_at: null,
    removed_at: null,
    edit_token_hash: c.editTokenHash,
    original_id: null,
    network_hash: c.networkHash,
    fingerprint: c.fingerprint,
    screening: c.screening.length > 0 ? JSON.stringify(c.screening) : null,
    spam_score: c.spamScore,
  };
}

/**
 * SQLite: numbering a comment, counting it in its thread, storing it and counting it in its
 * author's tally, in the caller's transaction (a group commit's savepoint). Written with the `sql`
 * tag, one text per statement and so one prepared statement each: it runs for every comment, and
 * the query builder's work had become the largest CPU item of posting.
 */
async function insertInTransaction(trx: Kysely<Database>, c: NewComment): Promise<Comment> {
  const r = newCommentRow(c);
  const [published, rejected] = contribution(c.status);
  // A top-level comment takes the thread's next number; a reply its parent's next child number.
  const numbered =
    c.parentId === null
      ? await sql<{ number: number; number_path: string; root_number: number }>`
          update threads set last_number = last_number + 1, comment_count = comment_count + ${published}, version = version + 1
          where id = ${c.threadId} returning last_number as number, cast(last_number as text) as number_path, last_number as root_number`.execute(trx)
      : await sql<{ number: number; number_path: string; root_number: number }>`
          update comments set last_child_number = last_child_number + 1 where id = ${c.parentId} and thread_id = ${c.threadId}
          returning last_child_number as number, number_path || '.' || last_child_number as number_path, root_number`.execute(trx);
  const n = numbered.rows[0];
  if (!n) throw new DomainError("not_found", c.parentId === null ? "This discussion does not exist." : "The comment you replied to does not exist.");
  if (c.parentId !== null) await sql`update threads set comment_count = comment_count + ${published}, version = version + 1 where id = ${c.threadId}`.execute(trx);
  const { rows } = await sql<CommentRow>`
    insert into comments (thread_id, parent_id, number, number_path, root_number, replying_to_id, author_name, author_website,
      author_user_id, body_source, body_html, status, created_at, edit_token_hash, network_hash, fingerprint, screening, spam_score)
    values (${r.thread_id}, ${r.parent_id}, ${Number(n.number)}, ${n.number_path}, ${Number(n.root_number)}, ${r.replying_to_id}, ${r.author_name}, ${r.author_website},
      ${r.author_user_id}, ${r.body_source}, ${r.body_html}, ${r.status}, ${r.created_at}, ${r.edit_token_hash}, ${r.network_hash},
      ${r.fingerprint}, ${r.screening}, ${r.spam_score})
    returning ${sql.join(PUBLIC_COLUMNS.map((col) => sql.ref(col)))}`.execute(trx);
  if (c.status === "published") await queueNotifications(trx, [Number((rows[0] as CommentRow).id)], c.createdAt);
  await sql`
    insert into author_stats (author_key, total, published, rejected, first_seen)
    values (${authorKeyOf({ author_user_id: c.authorUserId, network_hash: c.networkHash })}, 1, ${published}, ${rejected}, ${c.createdAt})
    on conflict (author_key) do update set total = author_stats.total + 1,
      published = author_stats.published + excluded.published, rejected = author_stats.rejected + excluded.rejected`.execute(trx);
  return toComment(rows[0] as CommentRow);
}

/**
 * PostgreSQL: numbering a comment, counting it in its thread, storing it and counting it in its
 * author's tally, as one statement (data-modifying WITH) instead of a five-round-trip transaction.
 * One statement is atomic, and the row it numbers from (the thread's, or the parent's for a reply)
 * is locked for that one statement only, ordering concurrent posts as the transaction did. Written
 * with the `sql` tag, not the query builder: it runs for every comment, and building the same
 * 20-column statement anew cost more CPU than the rest of the request's SQL.
 */
async function insertInOneStatement(db: Kysely<Database>, c: NewComment): Promise<Comment> {
  const r = newCommentRow(c);
  const [published, rejected] = contribution(c.status);
  const key = authorKeyOf({ author_user_id: c.authorUserId, network_hash: c.networkHash });
  // A top-level comment takes the thread's next number; a reply its parent's next child number.
  const numbering =
    c.parentId === null
      ? sql`numbered as (
          update threads set last_number = last_number + 1, comment_count = comment_count + ${published}, version = version + 1
          where id = ${c.threadId} returning last_number as number, last_number::text as number_path, last_number as root_number
        )`
      : sql`numbered as (
          update comments set last_child_number = last_child_number + 1 where id = ${c.parentId} and thread_id = ${c.threadId}
          returning last_child_number as number, number_path || '.' || last_child_number as number_path, root_number
        ), thread as (
          update threads set comment_count = comment_count + ${published}, version = version + 1 where id = ${c.threadId} and exists (select 1 from numbered)
        )`;
  const { rows } = await sql<CommentRow>`
    with ${numbering}, counted as (
      insert into author_stats (author_key, total, published, rejected, first_seen)
      select ${key}, 1, ${published}, ${rejected}, ${c.createdAt} from numbered
      on conflict (author_key) do update set total = author_stats.total + 1,
        published = author_stats.published + excluded.published, rejected = author_stats.rejected + excluded.rejected
      returning author_key
    )
    , inserted as (
    insert into comments (thread_id, parent_id, number, number_path, root_number, replying_to_id, author_name, author_website,
      author_user_id, body_source, body_html, status, created_at, edit_token_hash, network_hash, fingerprint, screening, spam_score)
    select ${r.thread_id}, ${r.parent_id}::integer, number, number_path, root_number, ${r.replying_to_id}::integer, ${r.author_name}, ${r.author_website},
      ${r.author_user_id}::integer, ${r.body_source}, ${r.body_html}, ${r.status}, ${r.created_at}, ${r.edit_token_hash}, ${r.network_hash},
      ${r.fingerprint}, ${r.screening}, ${r.spam_score}::double precision
    from numbered
    returning *
    ), ${notificationCte(c.createdAt)}
    select ${sql.join(PUBLIC_COLUMNS.map((col) => sql.ref(col)))} from inserted`.execute(db);
  // No row numbered: the thread, or the parent within it, is gone (the use case checked both just before).
  if (!rows[0]) throw new DomainError("not_found", c.parentId === null ? "This discussion does not exist." : "The comment you replied to does not exist.");
  return toComment(rows[0]);
}
