import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** A deleted post waits in the trash (status "trashed") from this time, 30 days, before it is purged. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql.raw(`alter table posts add column trashed_at ${dialect === "postgres" ? "bigint" : "integer"}`).execute(db);
  await sql`create index posts_trashed on posts (trashed_at) where trashed_at is not null`.execute(db);
}
