import { sql, type RawBuilder } from "kysely";
import { LIVE_STATUSES } from "../../domain/posts/post.js";
import { VISIBLE_MODES } from "../../domain/threads/access.js";
import { toSnippet, type SearchStore } from "../../domain/search/search.js";
import type { Store } from "../db.js";

/** What both dialects' searches share: the rows they read, the access rule in SQL, the count cap, the mapping. */
export interface PostRow {
  slug: string;
  title: string;
  published_at: number;
  snip: string;
}
export interface CommentRow {
  slug: string;
  title: string;
  number_path: string;
  author_name: string | null;
  created_at: number;
  snip: string;
}

export const live = sql.join(LIVE_STATUSES.map((s) => sql`${s}`));
/** The access rule in SQL (see domain/threads/access.ts): the thread's own mode shows comments, its post is public. */
export const visibleModes = sql.join(VISIBLE_MODES.map((m) => sql`${m}`));
/** Totals are counted up to here ("1,000+"): counting every match of a common word costs more than the page. */
export const COUNT_CAP = 1000;

/** One dialect's statements: the page of hits and the capped count, for posts and for comments. */
export interface SearchStatements {
  posts(terms: readonly string[], now: number, limit: number, offset: number): { page: RawBuilder<PostRow>; count: RawBuilder<unknown> };
  comments(terms: readonly string[], now: number, limit: number, offset: number): { page: RawBuilder<CommentRow>; count: RawBuilder<unknown> };
}

/** The search port over one dialect's statements (search/fts5.ts, search/tsvector.ts). */
export function searchStoreOver(store: Store, statements: SearchStatements): SearchStore {
  const { db } = store;
  const count = async (query: RawBuilder<unknown>) => Number(((await query.execute(db)).rows[0] as { n?: number } | undefined)?.n ?? 0);
  return {
    async searchPosts({ terms, now, limit, offset }) {
      const q = statements.posts(terms, now, limit, offset);
      const rows = await q.page.execute(db);
      return {
        hits: rows.rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: Number(r.published_at), snippet: toSnippet(r.snip) })),
        // FTS5's snippet() cannot share a query with a window count, so the total is its own query.
        total: await count(q.count),
      };
    },
    async searchComments({ terms, now, limit, offset }) {
      const q = statements.comments(terms, now, limit, offset);
      const rows = await q.page.execute(db);
      return {
        hits: rows.rows.map((r) => ({
          slug: r.slug,
          postTitle: r.title,
          numberPath: r.number_path.split(".").map(Number),
          authorName: r.author_name,
          createdAt: Number(r.created_at),
          snippet: toSnippet(r.snip),
        })),
        total: await count(q.count),
      };
    },
  };
}
