import type { Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Scratch space for an import run: comments are held here while the file is read (a Blogger export
 * lists them after every post, newest first), then taken out post by post in the order they were
 * written. A run's rows are deleted when it ends; rows of a run that died are deleted by the next.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  await db.schema
    .createTable("import_staging")
    .addColumn("run_id", "text", (c) => c.notNull())
    .addColumn("original_id", "text", (c) => c.notNull())
    .addColumn("post_original_id", "text", (c) => c.notNull())
    .addColumn("published_at", bigint, (c) => c.notNull())
    .addColumn("started_at", bigint, (c) => c.notNull())
    .addColumn("record", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_staging_pk", ["run_id", "original_id"])
    .execute();
  await db.schema.createIndex("import_staging_post").on("import_staging").columns(["run_id", "post_original_id"]).execute();
}
