import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Embedding sites: each site gets a public key (in the snippet), a secret (SSO and webhooks),
 * the origins allowed to embed it and its language. Our own blog, site 1, gets a key and a secret
 * too and no origins: its pages are its own. A thread of an embedding site is reached by one or
 * more page addresses (site, normalised URL); the first one is kept on the thread with the page's
 * title, as plain text. Readers signed in by a site (SSO) are accounts of ours tied to the site's id for them.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`alter table sites add column public_key text`.execute(db);
  await sql`alter table sites add column secret text`.execute(db);
  await sql`alter table sites add column origins text not null default '[]'`.execute(db);
  await sql`alter table sites add column language text not null default 'en'`.execute(db);
  await sql`alter table sites add column webhook_url text`.execute(db);
  const sites = await sql<{ id: number }>`select id from sites`.execute(db);
  for (const { id } of sites.rows) {
    await sql`update sites set public_key = ${newSiteKey()}, secret = ${newSiteSecret()} where id = ${id}`.execute(db);
  }
  await sql`create unique index sites_public_key on sites (public_key)`.execute(db);

  await sql`alter table threads add column page_url text`.execute(db);
  await sql`alter table threads add column page_title text`.execute(db);
  await db.schema
    .createTable("embed_pages")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id"))
    .addColumn("created_at", dialect === "postgres" ? "bigint" : "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("embed_pages_pk", ["site_id", "url"])
    .execute();
  await sql`create index embed_pages_thread on embed_pages (thread_id)`.execute(db);

  // Readers a site signed in for us (single sign-on): the site's own id for them, and our account.
  await db.schema
    .createTable("sso_identities")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("sso_identities_pk", ["site_id", "external_id"])
    .execute();

  // Webhook deliveries, stored before they are sent and retried for a day (an outbox).
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", bigint, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("last_result", "text")
    .addColumn("last_attempt_at", bigint)
    .execute();
  await sql`create index webhook_deliveries_due on webhook_deliveries (status, next_attempt_at)`.execute(db);
  await sql`create index webhook_deliveries_site on webhook_deliveries (site_id, created_at)`.execute(db);
}

/** A site's public key: in every snippet, so not a secret; unguessable so keys cannot be listed. */
export function newSiteKey(): string {
  return `site_${randomBytes(12).toString("base64url")}`;
}

/** A site's secret: signs SSO tokens and webhooks. */
export function newSiteSecret(): string {
  return `bss_${randomBytes(32).toString("base64url")}`;
}
