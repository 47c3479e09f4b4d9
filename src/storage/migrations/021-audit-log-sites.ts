import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Which site an audit entry concerns (null: the whole installation — accounts, bans); earlier entries about a comment get its thread's site. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`alter table moderation_log add column site_id integer`.execute(db);
  await sql`update moderation_log set site_id = (select t.site_id from comments c join threads t on t.id = c.thread_id where c.id = moderation_log.comment_id) where comment_id is not null`.execute(db);
  await sql`create index moderation_log_site on moderation_log (site_id, id)`.execute(db);
}
