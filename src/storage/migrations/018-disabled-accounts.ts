import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** An admin disables an account (null: in use): it cannot sign in, and its sessions and tokens stop. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql.raw(`alter table users add column disabled_at ${dialect === "postgres" ? "bigint" : "integer"}`).execute(db);
}
