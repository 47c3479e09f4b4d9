import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Moderation: screening results on comments, site settings, reports, bans, the audit log, the spam model, rate counters. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  const real = dialect === "postgres" ? "double precision" : "real";
  const withId = (name: string) =>
    dialect === "postgres"
      ? db.schema.createTable(name).addColumn("id", "serial", (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  await db.schema.alterTable("sites").addColumn("moderation", "text", (c) => c.notNull().defaultTo("{}")).execute();

  // The author's network (IP, IPv6 /64) as a keyed hash: enough to ban and to count, not to locate.
  await db.schema.alterTable("comments").addColumn("network_hash", "text").execute();
  await db.schema.alterTable("comments").addColumn("screening", "text").execute();
  // Hash of the text with case, spacing and punctuation folded: repeats are found by index.
  await db.schema.alterTable("comments").addColumn("fingerprint", "text").execute();
  await db.schema.alterTable("comments").addColumn("spam_score", real).execute();
  await db.schema.alterTable("comments").addColumn("trained_as", "text").execute();
  await db.schema.alterTable("comments").addColumn("moderated_at", bigint).execute();
  await db.schema.alterTable("comments").addColumn("moderated_by", "integer", (c) => c.references("users.id")).execute();
  await db.schema.createIndex("comments_network_time").on("comments").columns(["network_hash", "created_at"]).execute();
  await db.schema.createIndex("comments_author_time").on("comments").columns(["author_user_id", "created_at"]).execute();
  await db.schema.createIndex("comments_fingerprint_time").on("comments").columns(["fingerprint", "created_at"]).execute();
  await db.schema.createIndex("comments_status_id").on("comments").columns(["status", "id"]).execute();

  await withId("comment_reports")
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id"))
    .addColumn("reporter_key", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("resolved_at", bigint)
    .addUniqueConstraint("comment_reports_once", ["comment_id", "reporter_key"])
    .execute();
  await db.schema.createIndex("comment_reports_open").on("comment_reports").columns(["resolved_at", "comment_id"]).execute();

  await withId("bans")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("expires_at", bigint)
    .addColumn("lifted_at", bigint)
    .execute();
  await db.schema.createIndex("bans_target").on("bans").columns(["kind", "value"]).execute();

  await withId("moderation_log")
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("comment_id", "integer", (c) => c.references("comments.id"))
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("spam_tokens")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("spam", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("ham", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  // Per-author tallies ("user:<id>" or "net:<hash>"), so screening reads a record, not a history.
  await db.schema
    .createTable("author_stats")
    .addColumn("author_key", "text", (c) => c.primaryKey())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("published", "integer", (c) => c.notNull())
    .addColumn("rejected", "integer", (c) => c.notNull())
    .addColumn("first_seen", bigint, (c) => c.notNull())
    .execute();
  // Accounts keep their record across the upgrade. Older guest comments have no network hash, so
  // they cannot be tied to anyone who comments from now on and start no record.
  await sql`
    insert into author_stats (author_key, total, published, rejected, first_seen)
    select 'user:' || author_user_id, count(*),
           sum(case when status = 'published' then 1 else 0 end),
           sum(case when status in ('spam', 'removed_by_moderator') then 1 else 0 end),
           min(created_at)
    from comments where author_user_id is not null group by author_user_id`.execute(db);

  await db.schema
    .createTable("rate_counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_start", bigint, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .execute();
}
