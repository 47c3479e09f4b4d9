import type { Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Views gathered in Redis by several nodes are written here in drains; each drain's id is stored in
 * the same transaction as its counts, so a drain retried after a crash is never counted twice.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  await db.schema
    .createTable("view_drains")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applied_at", bigint, (c) => c.notNull())
    .execute();
}
