import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/**
 * Daily digests: a held notification belongs to the digest row that will carry it (outbox.digest_id).
 * Staff queue notices: at most one mail every N minutes (users.queue_mail_minutes, null: none), the
 * last one sent at users.queue_mailed_at (null: none yet), counting what is new since
 * users.queue_notices_since (when the member chose it).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  await sql`alter table outbox add column digest_id integer`.execute(db);
  await sql`create index outbox_digest on outbox (digest_id) where digest_id is not null`.execute(db);
  await sql`create index outbox_held on outbox (status, created_at) where status = 'digest'`.execute(db);
  await sql`alter table users add column queue_mail_minutes integer`.execute(db);
  await sql.raw(`alter table users add column queue_mailed_at ${bigint}`).execute(db);
  await sql.raw(`alter table users add column queue_notices_since ${bigint}`).execute(db);
}
