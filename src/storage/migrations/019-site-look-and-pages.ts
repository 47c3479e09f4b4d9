import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * The site's own look and words (description, time zone, accent colour, logo, navigation, footer)
 * as one JSON document (domain/sites/site-look.ts), and static pages (About, Contact, Policy) in
 * Markdown, each optionally in the navigation.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  const id = dialect === "postgres" ? "serial primary key" : "integer primary key autoincrement";
  await sql`alter table sites add column look text not null default '{}'`.execute(db);
  await sql
    .raw(
      `create table static_pages (
        id ${id},
        site_id integer not null references sites(id),
        slug text not null,
        title text not null,
        body_source text not null,
        body_html text not null,
        in_nav integer not null default 0,
        position integer not null default 0,
        created_at ${bigint} not null,
        updated_at ${bigint} not null,
        unique (site_id, slug)
      )`,
    )
    .execute(db);
}
