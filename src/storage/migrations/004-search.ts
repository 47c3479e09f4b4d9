import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Full-text search over posts and comments. SQLite: external-content FTS5 tables kept in step by
 * triggers. PostgreSQL: generated tsvector columns with GIN indexes. The two sit side by side here
 * and in storage/search/ (fts5.ts, tsvector.ts); nothing else knows which one is in use.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    await sql`alter table posts add column search tsvector generated always as (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(standfirst, '') || ' ' || body_source)) stored`.execute(db);
    await sql`create index posts_search on posts using gin (search)`.execute(db);
    await sql`alter table comments add column search tsvector generated always as (to_tsvector('simple', body_source)) stored`.execute(db);
    await sql`create index comments_search on comments using gin (search)`.execute(db);
    return;
  }
  await sql`create virtual table posts_fts using fts5(title, standfirst, body_source, content='posts', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts(rowid, title, standfirst, body_source) values (new.id, new.title, new.standfirst, new.body_source);
  end`.execute(db);
  await sql`create trigger posts_fts_delete after delete on posts begin
    insert into posts_fts(posts_fts, rowid, title, standfirst, body_source) values ('delete', old.id, old.title, old.standfirst, old.body_source);
  end`.execute(db);
  await sql`create trigger posts_fts_update after update of title, standfirst, body_source on posts begin
    insert into posts_fts(posts_fts, rowid, title, standfirst, body_source) values ('delete', old.id, old.title, old.standfirst, old.body_source);
    insert into posts_fts(rowid, title, standfirst, body_source) values (new.id, new.title, new.standfirst, new.body_source);
  end`.execute(db);
  await sql`create virtual table comments_fts using fts5(body_source, content='comments', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger comments_fts_insert after insert on comments begin
    insert into comments_fts(rowid, body_source) values (new.id, new.body_source);
  end`.execute(db);
  await sql`create trigger comments_fts_delete after delete on comments begin
    insert into comments_fts(comments_fts, rowid, body_source) values ('delete', old.id, old.body_source);
  end`.execute(db);
  await sql`create trigger comments_fts_update after update of body_source on comments begin
    insert into comments_fts(comments_fts, rowid, body_source) values ('delete', old.id, old.body_source);
    insert into comments_fts(rowid, body_source) values (new.id, new.body_source);
  end`.execute(db);
  // Rows written before this migration.
  await sql`insert into posts_fts(posts_fts) values ('rebuild')`.execute(db);
  await sql`insert into comments_fts(comments_fts) values ('rebuild')`.execute(db);
}
