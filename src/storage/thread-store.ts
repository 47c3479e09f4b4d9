import { sql, type Selectable } from "kysely";
import type { ThreadStore } from "../domain/threads/ports.js";
import type { Thread, ThreadMode } from "../domain/threads/thread.js";
import type { PostStatus } from "../domain/posts/post.js";
import type { Store } from "./db.js";
import type { ThreadsTable } from "./schema.js";

export function toThread(r: Selectable<ThreadsTable>): Thread {
  return {
    id: Number(r.id),
    siteId: Number(r.site_id),
    mode: r.mode as ThreadMode,
    viewCount: Number(r.view_count),
    commentCount: Number(r.comment_count),
    version: Number(r.version),
    createdAt: Number(r.created_at),
  };
}

export function makeThreadStore({ db }: Store): ThreadStore {
  return {
    async findThread(id) {
      const row = await db.selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toThread(row);
    },
    async findThreadWithPost(id) {
      // Every comment posted reads this first: the sql tag (one prepared statement), not the builder.
      const { rows } = await sql<Selectable<ThreadsTable> & { post_id: number | null; slug: string | null; title: string | null; status: string | null; published_at: number | null }>`
        select t.*, p.id as post_id, p.slug, p.title, p.status, p.published_at
        from threads t left join posts p on p.thread_id = t.id where t.id = ${id}`.execute(db);
      const row = rows[0];
      if (!row) return undefined;
      const post =
        row.post_id === null
          ? null
          : { id: Number(row.post_id), slug: String(row.slug), title: String(row.title), status: row.status as PostStatus, publishedAt: row.published_at === null ? null : Number(row.published_at) };
      return { thread: toThread(row), post };
    },
  };
}
