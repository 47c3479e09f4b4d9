import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Votes: a site chooses up and down votes, a single "like", or none; one vote per reader per
 * comment (an account, or a guest's private daily reader hash, the view counter's); each comment
 * keeps its tallies, changed in the vote's transaction.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`alter table sites add column votes text not null default 'updown'`.execute(db);
  await sql`alter table comments add column upvotes integer not null default 0`.execute(db);
  await sql`alter table comments add column downvotes integer not null default 0`.execute(db);
  await db.schema
    .createTable("comment_votes")
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id"))
    .addColumn("voter_key", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("created_at", dialect === "postgres" ? "bigint" : "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_votes_pk", ["comment_id", "voter_key"])
    .execute();
}
