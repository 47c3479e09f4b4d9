import type { Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * What an import brought in: each post and comment keeps (source system, original id), unique per
 * site, so the same export imported again adds nothing and a newer one adds only what is new.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("import_keys")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("original_id", "text", (c) => c.notNull())
    .addColumn("target_id", "integer", (c) => c.notNull())
    .addColumn("imported_at", dialect === "postgres" ? "bigint" : "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_keys_pk", ["site_id", "kind", "source", "original_id"])
    .execute();
}
