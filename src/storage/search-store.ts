import { sql, type RawBuilder } from "kysely";
import { LIVE_STATUSES } from "../domain/posts/post.js";
import { VISIBLE_MODES } from "../domain/threads/access.js";
import { CJK_CLASS, MATCH_END, MATCH_START, termTokens, toSnippet, type SearchStore } from "../domain/search/search.js";
import type { Store } from "./db.js";

interface PostRow {
  slug: string;
  title: string;
  published_at: number;
  snip: string;
}
interface CommentRow {
  slug: string;
  title: string;
  number_path: string;
  author_name: string | null;
  created_at: number;
  snip: string;
}

/**
 * FTS5: every term quoted as a phrase of its index tokens (so no operator syntax gets through, and
 * CJK characters must stand together, in order), the last one as a prefix.
 */
function fts5Query(terms: readonly string[]): string {
  return terms.map((t, i) => `"${termTokens(t).join(" ").replace(/"/g, '""')}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

/** tsquery: terms are letters and digits only (queryTerms), a CJK term's characters as a phrase (<->), joined with AND, the last as a prefix. */
function tsQuery(terms: readonly string[]): string {
  return terms.map((t, i) => `${termTokens(t).join(" <-> ")}${i === terms.length - 1 ? ":*" : ""}`).join(" & ");
}

const live = sql.join(LIVE_STATUSES.map((s) => sql`${s}`));
/** The access rule in SQL (see domain/threads/access.ts): the thread's own mode shows comments, its post is public. */
const visibleModes = sql.join(VISIBLE_MODES.map((m) => sql`${m}`));
/** Totals are counted up to here ("1,000+"): counting every match of a common word costs more than the page. */
export const COUNT_CAP = 1000;

/**
 * Full-text search: SQLite FTS5 and PostgreSQL tsvector side by side, one interface. Posts are
 * ranked by relevance; comments come newest first (FTS5 walks its index backwards and stops after
 * a page, where ranking would score every match of a common word).
 */
export function makeSearchStore(store: Store): SearchStore {
  const { db } = store;
  const pg = store.dialect === "postgres";
  // Cut from the text as indexed (CJK characters set apart, as in migration 009), so CJK matches are marked too.
  const headline = (column: string, q: string) =>
    sql`ts_headline('simple', regexp_replace(${sql.ref(column)}, ${`([${CJK_CLASS}])`}, ${"\u200B\\1\u200B"}, 'g'), to_tsquery('simple', ${q}), ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=30, MinWords=12, ShortWord=2`})`;

  const count = async (query: RawBuilder<unknown>) => Number(((await query.execute(db)).rows[0] as { n?: number } | undefined)?.n ?? 0);

  return {
    async searchPosts({ terms, now, limit, offset }) {
      const rows = pg
        ? await sql<PostRow>`
            select p.slug, p.title, p.published_at, ${headline("p.body_source", tsQuery(terms))} as snip
            from posts p
            where p.search @@ to_tsquery('simple', ${tsQuery(terms)}) and p.status in (${live}) and p.published_at <= ${now}
            order by ts_rank(p.search, to_tsquery('simple', ${tsQuery(terms)})) desc, p.published_at desc
            limit ${limit} offset ${offset}`.execute(db)
        : await sql<PostRow>`
            select p.slug, p.title, p.published_at, snippet(posts_fts, -1, ${MATCH_START}, ${MATCH_END}, '…', 24) as snip
            from posts_fts join posts p on p.id = posts_fts.rowid
            where posts_fts match ${fts5Query(terms)} and p.status in (${live}) and p.published_at <= ${now}
            order by posts_fts.rank, p.published_at desc
            limit ${limit} offset ${offset}`.execute(db);
      return {
        hits: rows.rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: Number(r.published_at), snippet: toSnippet(r.snip) })),
        // FTS5's snippet() cannot share a query with a window count, so the total is its own query.
        total: await count(
          pg
            ? sql`select count(*) as n from (select 1 from posts p where p.search @@ to_tsquery('simple', ${tsQuery(terms)}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`
            : sql`select count(*) as n from (select 1 from posts_fts join posts p on p.id = posts_fts.rowid where posts_fts match ${fts5Query(terms)} and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
        ),
      };
    },

    async searchComments({ terms, now, limit, offset }) {
      const rows = pg
        ? await sql<CommentRow>`
            select p.slug, p.title, c.number_path, c.author_name, c.created_at, ${headline("c.body_source", tsQuery(terms))} as snip
            from comments c join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id
            where c.search @@ to_tsquery('simple', ${tsQuery(terms)}) and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now}
            order by c.id desc
            limit ${limit} offset ${offset}`.execute(db)
        : await sql<CommentRow>`
            select p.slug, p.title, c.number_path, c.author_name, c.created_at, snippet(comments_fts, 0, ${MATCH_START}, ${MATCH_END}, '…', 24) as snip
            from comments_fts join comments c on c.id = comments_fts.rowid join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id
            where comments_fts match ${fts5Query(terms)} and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now}
            order by comments_fts.rowid desc
            limit ${limit} offset ${offset}`.execute(db);
      return {
        hits: rows.rows.map((r) => ({
          slug: r.slug,
          postTitle: r.title,
          numberPath: r.number_path.split(".").map(Number),
          authorName: r.author_name,
          createdAt: Number(r.created_at),
          snippet: toSnippet(r.snip),
        })),
        total: await count(
          pg
            ? sql`select count(*) as n from (select 1 from comments c join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id where c.search @@ to_tsquery('simple', ${tsQuery(terms)}) and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`
            : sql`select count(*) as n from (select 1 from comments_fts join comments c on c.id = comments_fts.rowid join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id where comments_fts match ${fts5Query(terms)} and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
        ),
      };
    },
  };
}
