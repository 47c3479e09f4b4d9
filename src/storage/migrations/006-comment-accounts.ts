import type { Kysely } from "kysely";

/** A comment posted while signed in belongs to that account. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("comments").addColumn("author_user_id", "integer", (c) => c.references("users.id")).execute();
}
