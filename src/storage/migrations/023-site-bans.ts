import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** A ban can hold on one site only (site_id) or, as every earlier ban does, on every site (null). */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`alter table bans add column site_id integer`.execute(db);
}
