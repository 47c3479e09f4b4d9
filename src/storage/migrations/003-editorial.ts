import type { Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Labels on posts and the revision history of every post. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  await db.schema
    .createTable("post_labels")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_labels_pk", ["post_id", "label"])
    .execute();
  await db.schema.createIndex("post_labels_label").on("post_labels").columns(["label", "post_id"]).execute();

  const revisions = dialect === "postgres"
    ? db.schema.createTable("post_revisions").addColumn("id", "serial", (c) => c.primaryKey())
    : db.schema.createTable("post_revisions").addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  await revisions
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id"))
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", bigint, (c) => c.notNull())
    // The editable fields as JSON: a revision restores exactly what the editor saw.
    .addColumn("snapshot", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_revisions_post").on("post_revisions").columns(["post_id", "id"]).execute();
}
