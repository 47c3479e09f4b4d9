import { sql, type Kysely, type Selectable } from "kysely";
import type { ThreadStore } from "../domain/threads/ports.js";
import type { Thread, ThreadMode } from "../domain/threads/thread.js";
import type { PostStatus } from "../domain/posts/post.js";
import type { Store } from "./db.js";
import type { Database, ThreadsTable } from "./schema.js";

export function toThread(r: Selectable<ThreadsTable>): Thread {
  return {
    id: Number(r.id),
    siteId: Number(r.site_id),
    mode: r.mode as ThreadMode,
    viewCount: Number(r.view_count),
    commentCount: Number(r.comment_count),
    version: Number(r.version),
    createdAt: Number(r.created_at),
    page: r.page_url === null ? null : { url: r.page_url, title: r.page_title ?? "" },
  };
}

/** The thread an embedding site's page address leads to. */
function pageThreadRow(db: Kysely<Database>, siteId: number, url: string) {
  return db
    .selectFrom("embed_pages")
    .innerJoin("threads", "threads.id", "embed_pages.thread_id")
    .selectAll("threads")
    .where("embed_pages.site_id", "=", siteId)
    .where("embed_pages.url", "=", url)
    .executeTakeFirst();
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
    async findPageThread(siteId, url) {
      const row = await pageThreadRow(db, siteId, url);
      return row && toThread(row);
    },
    async createPageThread(siteId, url, title, createdAt) {
      return db.transaction().execute(async (trx) => {
        // Two first readers at once: the second finds the first's thread (the address is the key).
        const existing = await pageThreadRow(trx, siteId, url);
        if (existing) return toThread(existing);
        const row = await trx
          .insertInto("threads")
          .values({ site_id: siteId, mode: "open", created_at: createdAt, page_url: url, page_title: title })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto("embed_pages").values({ site_id: siteId, url, thread_id: row.id, created_at: createdAt }).execute();
        return toThread(row);
      });
    },
    async setViewCount(threadId, total) {
      await db.updateTable("threads").set((eb) => ({ view_count: total, version: eb("version", "+", 1) })).where("id", "=", threadId).execute();
    },
    async attachPageUrl(siteId, url, threadId, at) {
      const inserted = await db
        .insertInto("embed_pages")
        .values({ site_id: siteId, url, thread_id: threadId, created_at: at })
        .onConflict((oc) => oc.columns(["site_id", "url"]).doNothing())
        .returning("thread_id")
        .executeTakeFirst();
      if (inserted) return {};
      const owner = await db.selectFrom("embed_pages").select("thread_id").where("site_id", "=", siteId).where("url", "=", url).executeTakeFirst();
      return owner ? { taken: Number(owner.thread_id) } : {};
    },
    async mergeThreads(fromId, intoId) {
      return db.transaction().execute(async (trx) => {
        // Writing the merged thread first locks it (PostgreSQL): no comment can join it mid-move.
        const from = await trx.updateTable("threads").set({ mode: "hidden" }).where("id", "=", fromId).returningAll().executeTakeFirstOrThrow();
        const comments = await trx
          .selectFrom("comments")
          .select(["id", "parent_id", "number_path", "root_number", "created_at"])
          .where("thread_id", "=", fromId)
          .orderBy("root_number")
          .orderBy("id")
          .execute();
        const roots = comments.filter((c) => c.parent_id === null).sort((a, b) => Number(a.created_at) - Number(b.created_at) || Number(a.id) - Number(b.id));
        const into = await trx
          .updateTable("threads")
          .set((eb) => ({
            last_number: eb("last_number", "+", roots.length),
            comment_count: eb("comment_count", "+", Number(from.comment_count)),
            view_count: eb("view_count", "+", Number(from.view_count)),
            version: eb("version", "+", 1),
          }))
          .where("id", "=", intoId)
          .returning("last_number")
          .executeTakeFirstOrThrow();
        const first = Number(into.last_number) - roots.length + 1;
        const newRoot = new Map(roots.map((r, i) => [Number(r.root_number), first + i]));
        const renumbered: Array<[string, string]> = [];
        for (const c of comments) {
          const root = newRoot.get(Number(c.root_number));
          if (root === undefined) continue; // a reply whose top-level comment is gone cannot be: roots are never deleted
          const rest = c.number_path.split(".").slice(1);
          const path = [String(root), ...rest].join(".");
          await trx
            .updateTable("comments")
            .set({ thread_id: intoId, number_path: path, root_number: root, ...(c.parent_id === null ? { number: root } : {}) })
            .where("id", "=", c.id)
            .execute();
          renumbered.push([c.number_path, path]);
        }
        await trx.updateTable("embed_pages").set({ thread_id: intoId }).where("thread_id", "=", fromId).execute();
        // The merged thread stays (its day-by-day statistics refer to it) but shows nothing.
        await trx.updateTable("threads").set({ comment_count: 0, version: Number(from.version) + 1 }).where("id", "=", fromId).execute();
        return { moved: comments.length, renumbered };
      });
    },
    async pageThreadCounts(siteId, urls) {
      if (urls.length === 0) return [];
      const rows = await db
        .selectFrom("embed_pages")
        .innerJoin("threads", "threads.id", "embed_pages.thread_id")
        .select(["embed_pages.url", "threads.id", "threads.mode", "threads.created_at", "threads.comment_count", "threads.view_count"])
        .where("embed_pages.site_id", "=", siteId)
        .where("embed_pages.url", "in", urls)
        .execute();
      return rows.map((r) => ({ url: r.url, threadId: Number(r.id), mode: r.mode as ThreadMode, createdAt: Number(r.created_at), commentCount: Number(r.comment_count), viewCount: Number(r.view_count) }));
    },
  };
}
