import { sql, type Kysely } from "kysely";
import type { Store } from "./db.js";
import type { Database } from "./schema.js";

/**
 * Every table worth moving, parents before children (foreign keys), each with the column that
 * orders it. Rate counters are left behind: they are a minute's memory, not content.
 */
const TABLES: ReadonlyArray<readonly [keyof Database, string]> = [
  ["sites", "id"],
  ["users", "id"],
  ["threads", "id"],
  ["thread_urls", "url"],
  ["embed_pages", "thread_id"],
  ["posts", "id"],
  ["post_labels", "post_id"],
  ["post_revisions", "id"],
  ["comments", "id"],
  ["comment_reports", "id"],
  ["bans", "id"],
  ["moderation_log", "id"],
  ["spam_tokens", "token"],
  ["author_stats", "author_key"],
  ["view_salts", "day"],
  ["view_readers", "day"],
  ["view_drains", "id"],
  ["view_days", "day"],
  ["site_days", "day"],
  ["referrer_days", "day"],
  ["site_reader_days", "day"],
  ["site_referrer_days", "day"],
  ["secrets", "name"],
  ["sessions", "token_hash"],
  ["sso_identities", "user_id"],
  ["webhook_deliveries", "id"],
  ["webhook_events", "id"],
  ["import_keys", "target_id"],
  ["mail_tokens", "token_hash"],
  ["subscriptions", "id"],
  ["outbox", "id"],
  ["comment_votes", "comment_id"],
  ["api_tokens", "id"],
  ["static_pages", "id"],
];

/** Tables whose id is assigned by the database: their counters must continue after the copied ids. */
const WITH_SERIAL_ID = ["sites", "users", "threads", "posts", "post_revisions", "comments", "comment_reports", "bans", "moderation_log", "subscriptions", "outbox", "api_tokens", "static_pages", "webhook_events"];

const BATCH = 500;

export interface CopyProgress {
  start(totalRows: number): void;
  advance(rows: number, table: string): void;
  stop(): void;
}

/**
 * Copies a whole database into an empty one (SQLite → PostgreSQL, or any pair), reading one
 * consistent snapshot of the source while it keeps serving, writing the target in one transaction
 * (all or nothing), then compares row counts table by table. Ids are kept, so links stay valid.
 */
export async function copyDatabase(from: Store, to: Store, progress?: CopyProgress): Promise<Array<{ table: string; source: number; target: number }>> {
  const targetRows = await countRows(to.db, "users");
  if (targetRows > 0 || (await countRows(to.db, "posts")) > 0 || (await countRows(to.db, "sites")) > 0) {
    throw new Error("the target database is not empty; copy-db only fills a new, empty database");
  }
  return from.db.transaction().execute(async (src) => {
    const counts = new Map<string, number>();
    for (const [table] of TABLES) counts.set(table, await countRows(src, table));
    progress?.start([...counts.values()].reduce((a, b) => a + b, 0));
    await to.db.transaction().execute(async (dst) => {
      for (const [table, orderBy] of TABLES) {
        for (let offset = 0; offset < (counts.get(table) ?? 0); offset += BATCH) {
          const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.ref(orderBy)} limit ${BATCH} offset ${offset}`.execute(src);
          if (rows.rows.length === 0) break;
          await dst.insertInto(table).values(rows.rows as never).execute();
          progress?.advance(rows.rows.length, table);
        }
      }
      if (to.dialect === "postgres") await continueSerialIds(dst);
    });
    progress?.stop();
    const report = [];
    for (const [table] of TABLES) report.push({ table, source: counts.get(table) ?? 0, target: await countRows(to.db, table) });
    return report;
  });
}

/** PostgreSQL: after rows were written with their ids, each id counter continues after the highest. */
export async function continueSerialIds(db: Kysely<Database>): Promise<void> {
  for (const table of WITH_SERIAL_ID) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
