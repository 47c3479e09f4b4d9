import type { Kysely } from "kysely";

/**
 * Distinct readers and referring hosts per site and day (the installation's own figures stay in
 * site_days and referrer_days: a reader of two sites is one reader of the installation, so theirs
 * is not a sum of these). Counts only, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("site_reader_days")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("readers", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("site_reader_days_pk", ["site_id", "day"])
    .execute();
  await db.schema
    .createTable("site_referrer_days")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("site_referrer_days_pk", ["site_id", "day", "host"])
    .execute();
}
