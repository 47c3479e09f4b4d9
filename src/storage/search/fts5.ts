import { sql } from "kysely";
import { MATCH_END, MATCH_START, termTokens } from "../../domain/search/search.js";
import { COUNT_CAP, live, visibleModes, type CommentRow, type PostRow, type SearchStatements } from "./shared.js";

/**
 * FTS5: every term quoted as a phrase of its index tokens (so no operator syntax gets through, and
 * CJK characters must stand together, in order), the last one as a prefix.
 */
export function fts5Query(terms: readonly string[]): string {
  return terms.map((t, i) => `"${termTokens(t).join(" ").replace(/"/g, '""')}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

/** SQLite's full-text search (FTS5 tables of migration 004): posts ranked, comments newest first (the index walked backwards). */
export const fts5Statements: SearchStatements = {
  posts: (terms, now, limit, offset) => ({
    page: sql<PostRow>`
      select p.slug, p.title, p.published_at, snippet(posts_fts, -1, ${MATCH_START}, ${MATCH_END}, '…', 24) as snip
      from posts_fts join posts p on p.id = posts_fts.rowid
      where posts_fts match ${fts5Query(terms)} and p.status in (${live}) and p.published_at <= ${now}
      order by posts_fts.rank, p.published_at desc
      limit ${limit} offset ${offset}`,
    count: sql`select count(*) as n from (select 1 from posts_fts join posts p on p.id = posts_fts.rowid where posts_fts match ${fts5Query(terms)} and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
  }),
  comments: (terms, now, limit, offset) => ({
    page: sql<CommentRow>`
      select p.slug, p.title, c.number_path, c.author_name, c.created_at, snippet(comments_fts, 0, ${MATCH_START}, ${MATCH_END}, '…', 24) as snip
      from comments_fts join comments c on c.id = comments_fts.rowid join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id
      where comments_fts match ${fts5Query(terms)} and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now}
      order by comments_fts.rowid desc
      limit ${limit} offset ${offset}`,
    count: sql`select count(*) as n from (select 1 from comments_fts join comments c on c.id = comments_fts.rowid join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id where comments_fts match ${fts5Query(terms)} and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
  }),
};
