import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Editors feature comments: when (null: not featured). Shown at the top of the thread with a mark. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql.raw(`alter table comments add column featured_at ${dialect === "postgres" ? "bigint" : "integer"}`).execute(db);
}
