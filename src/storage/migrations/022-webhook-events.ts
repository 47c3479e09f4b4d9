import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * A comment event that a site's webhook must hear of, written in the same transaction as the
 * change that causes it (an outbox): a node killed just after the commit leaves the row here, and
 * the next round (on any node) turns it into a signed delivery. Only for sites with an endpoint.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  const id = dialect === "postgres" ? "bigserial primary key" : "integer primary key autoincrement";
  await sql
    .raw(
      `create table webhook_events (
        id ${id},
        site_id integer not null,
        comment_id integer not null,
        event text not null,
        at ${bigint} not null
      )`,
    )
    .execute(db);
}
