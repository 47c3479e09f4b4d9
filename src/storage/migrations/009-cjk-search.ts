import { sql, type Kysely } from "kysely";
import { CJK_CLASS } from "../../domain/search/search.js";
import type { Dialect } from "../db.js";

/**
 * Search finds part of a Chinese or Japanese phrase (击西 in 声东击西): the index sees every such
 * character as a token of its own (see `searchableText` in domain/search/search.ts).
 *
 * PostgreSQL: the generated tsvector columns are made again from text with the characters set
 * apart (regexp_replace with the same character class). SQLite: the FTS5 tables now hold that text
 * themselves (written by triggers through `bs_searchable`, a function each connection registers
 * in db.ts), since snippets must be cut from the text as indexed; they are filled afresh.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    const spaced = (column: string) => sql.raw(`regexp_replace(${column}, '([${CJK_CLASS}])', E'\\u200B\\\\1\\u200B', 'g')`);
    await sql`drop index if exists posts_search`.execute(db);
    await sql`alter table posts drop column search`.execute(db);
    await sql`alter table posts add column search tsvector generated always as (to_tsvector('simple', ${spaced("coalesce(title, '') || ' ' || coalesce(standfirst, '') || ' ' || body_source")})) stored`.execute(db);
    await sql`create index posts_search on posts using gin (search)`.execute(db);
    await sql`drop index if exists comments_search`.execute(db);
    await sql`alter table comments drop column search`.execute(db);
    await sql`alter table comments add column search tsvector generated always as (to_tsvector('simple', ${spaced("body_source")})) stored`.execute(db);
    await sql`create index comments_search on comments using gin (search)`.execute(db);
    return;
  }
  for (const t of ["posts_fts_insert", "posts_fts_delete", "posts_fts_update", "comments_fts_insert", "comments_fts_delete", "comments_fts_update"]) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists posts_fts`.execute(db);
  await sql`drop table if exists comments_fts`.execute(db);
  await sql`create virtual table posts_fts using fts5(title, standfirst, body_source, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts(rowid, title, standfirst, body_source) values (new.id, bs_searchable(new.title), bs_searchable(new.standfirst), bs_searchable(new.body_source));
  end`.execute(db);
  await sql`create trigger posts_fts_delete after delete on posts begin
    delete from posts_fts where rowid = old.id;
  end`.execute(db);
  await sql`create trigger posts_fts_update after update of title, standfirst, body_source on posts begin
    delete from posts_fts where rowid = old.id;
    insert into posts_fts(rowid, title, standfirst, body_source) values (new.id, bs_searchable(new.title), bs_searchable(new.standfirst), bs_searchable(new.body_source));
  end`.execute(db);
  await sql`create virtual table comments_fts using fts5(body_source, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger comments_fts_insert after insert on comments begin
    insert into comments_fts(rowid, body_source) values (new.id, bs_searchable(new.body_source));
  end`.execute(db);
  await sql`create trigger comments_fts_delete after delete on comments begin
    delete from comments_fts where rowid = old.id;
  end`.execute(db);
  await sql`create trigger comments_fts_update after update of body_source on comments begin
    delete from comments_fts where rowid = old.id;
    insert into comments_fts(rowid, body_source) values (new.id, bs_searchable(new.body_source));
  end`.execute(db);
  await sql`insert into posts_fts(rowid, title, standfirst, body_source) select id, bs_searchable(title), bs_searchable(standfirst), bs_searchable(body_source) from posts`.execute(db);
  await sql`insert into comments_fts(rowid, body_source) select id, bs_searchable(body_source) from comments`.execute(db);
}
