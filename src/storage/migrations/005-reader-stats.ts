import type { Kysely } from "kysely";

/** Per-day site tallies (distinct readers, views) and referring hosts. Nothing personal: counts only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("site_days")
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("readers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("referrer_days")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("referrer_days_pk", ["day", "host"])
    .execute();
}
