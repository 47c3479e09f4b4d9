import { sql } from "kysely";
import { CJK_CLASS, MATCH_END, MATCH_START, termTokens } from "../../domain/search/search.js";
import { COUNT_CAP, live, visibleModes, type CommentRow, type PostRow, type SearchStatements } from "./shared.js";

/** tsquery: terms are letters and digits only (queryTerms), a CJK term's characters as a phrase (<->), joined with AND, the last as a prefix. */
export function tsQuery(terms: readonly string[]): string {
  return terms.map((t, i) => `${termTokens(t).join(" <-> ")}${i === terms.length - 1 ? ":*" : ""}`).join(" & ");
}

// Cut from the text as indexed (CJK characters set apart, as in migration 009), so CJK matches are marked too.
const headline = (column: string, q: string) =>
  sql`ts_headline('simple', regexp_replace(${sql.ref(column)}, ${`([${CJK_CLASS}])`}, ${"\u200B\\1\u200B"}, 'g'), to_tsquery('simple', ${q}), ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=30, MinWords=12, ShortWord=2`})`;

/** PostgreSQL's full-text search (tsvector columns of migrations 004 and 009): posts ranked, comments newest first. */
export const tsvectorStatements: SearchStatements = {
  posts: (terms, now, limit, offset) => ({
    page: sql<PostRow>`
      select p.slug, p.title, p.published_at, ${headline("p.body_source", tsQuery(terms))} as snip
      from posts p
      where p.search @@ to_tsquery('simple', ${tsQuery(terms)}) and p.status in (${live}) and p.published_at <= ${now}
      order by ts_rank(p.search, to_tsquery('simple', ${tsQuery(terms)})) desc, p.published_at desc
      limit ${limit} offset ${offset}`,
    count: sql`select count(*) as n from (select 1 from posts p where p.search @@ to_tsquery('simple', ${tsQuery(terms)}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
  }),
  comments: (terms, now, limit, offset) => ({
    page: sql<CommentRow>`
      select p.slug, p.title, c.number_path, c.author_name, c.created_at, ${headline("c.body_source", tsQuery(terms))} as snip
      from comments c join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id
      where c.search @@ to_tsquery('simple', ${tsQuery(terms)}) and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now}
      order by c.id desc
      limit ${limit} offset ${offset}`,
    count: sql`select count(*) as n from (select 1 from comments c join posts p on p.thread_id = c.thread_id join threads t on t.id = c.thread_id where c.search @@ to_tsquery('simple', ${tsQuery(terms)}) and c.status = 'published' and t.mode in (${visibleModes}) and p.status in (${live}) and p.published_at <= ${now} limit ${COUNT_CAP}) capped`,
  }),
};
