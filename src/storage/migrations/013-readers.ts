import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";
import { nameKey } from "../../domain/users/reserved-names.js";

/**
 * Readers who come back: verified e-mail addresses, single-use mail tokens (stored as hashes),
 * subscriptions to replies and threads, and the outbox every mail goes through — written in the
 * same transaction as what causes it, sent by a worker that survives restarts.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  const id = (name: string) =>
    dialect === "postgres" ? db.schema.createTable(name).addColumn("id", "serial", (c) => c.primaryKey()) : db.schema.createTable(name).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  await sql`alter table users add column email_verified_at ${sql.raw(bigint)}`.execute(db);
  // Accounts made so far were made by an admin or the first start: their addresses count as verified.
  await sql`update users set email_verified_at = created_at`.execute(db);
  // Names of accounts are reserved: a guest cannot post under one (compared by this key).
  await sql`alter table users add column name_key text`.execute(db);
  const users = await sql<{ id: number; display_name: string }>`select id, display_name from users`.execute(db);
  for (const u of users.rows) await sql`update users set name_key = ${nameKey(u.display_name)} where id = ${u.id}`.execute(db);
  await sql`create index users_name_key on users (name_key)`.execute(db);

  await db.schema
    .createTable("mail_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("subscription_id", "integer")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("expires_at", bigint, (c) => c.notNull())
    .addColumn("used_at", bigint)
    .execute();
  await db.schema.createIndex("mail_tokens_user").on("mail_tokens").columns(["user_id", "purpose"]).execute();

  await id("subscriptions")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id"))
    // A reply subscription names the comment whose replies are wanted; a thread subscription none.
    .addColumn("comment_id", "integer", (c) => c.references("comments.id"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("digest", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("confirmed_at", bigint)
    .addColumn("created_at", bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("subscriptions_comment").on("subscriptions").column("comment_id").execute();
  await db.schema.createIndex("subscriptions_thread").on("subscriptions").columns(["thread_id", "comment_id"]).execute();
  await db.schema.createIndex("subscriptions_email").on("subscriptions").column("email").execute();

  await id("outbox")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("site_id", "integer", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    // Rendered when written (account mails, whose links hold a token), or when sent (notifications).
    .addColumn("subject", "text")
    .addColumn("text_body", "text")
    .addColumn("html_body", "text")
    .addColumn("subscription_id", "integer")
    .addColumn("comment_id", "integer")
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("next_attempt_at", bigint, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("claimed_until", bigint)
    .addColumn("last_error", "text")
    .addColumn("sent_at", bigint)
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
  // One mail per subscription per comment, however often the comment is approved.
  await sql`create unique index outbox_once on outbox (subscription_id, comment_id) where subscription_id is not null and comment_id is not null`.execute(db);
}
