import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Store } from "./db.js";
import type { Database } from "./schema.js";
import { continueSerialIds } from "./copy-database.js";
import { nameKey } from "../domain/users/reserved-names.js";
import { fieldName, RECORD_TYPE_NAMES, RECORD_TYPES, type ExportRecord, type FieldKind, type RecordType, type RecordTypeName } from "../domain/exports/export-format.js";

const PAGE = 1000;
const INSERT_BATCH = 200;

/**
 * Writes every record of the export (domain/exports/export-format.ts) to `emit`, type by type, each
 * in its key's order, from one consistent snapshot of the database while it keeps serving. Pages
 * are read by key (never by offset), so a million comments cost a million rows read, once.
 */
export async function writeExportRecords(
  store: Store,
  options: { siteId: number | null; secrets: boolean },
  emit: (record: ExportRecord) => Promise<void>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const read = async (db: Kysely<Database>) => {
    for (const type of RECORD_TYPE_NAMES) {
      counts[type] = 0;
      for await (const record of pagedRecords(db, type, siteFilter(RECORD_TYPES[type], options.siteId), options.secrets)) {
        await emit(record);
        counts[type]++;
      }
    }
  };
  if (store.dialect === "postgres") await store.db.transaction().setIsolationLevel("repeatable read").execute(read);
  else await store.db.transaction().execute(read);
  return counts;
}

/**
 * The records of one type whose columns equal `where` (all of them for `{}`), in key order, read a
 * page at a time: what the WordPress writer walks post by post.
 */
export function exportRecordsWhere(store: Store, type: RecordTypeName, where: Readonly<Record<string, number | string>>): AsyncGenerator<ExportRecord> {
  const conditions = Object.entries(where).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  return pagedRecords(store.db, type, conditions.length ? sql.join(conditions, sql` and `) : sql`1 = 1`, false);
}

async function* pagedRecords(db: Kysely<Database>, type: RecordTypeName, filter: RawBuilder<unknown>, secrets: boolean): AsyncGenerator<ExportRecord> {
  const spec: RecordType = RECORD_TYPES[type];
  const columns = sql.join(Object.keys(spec.fields).map((c) => sql.ref(c)));
  const key = sql.join(spec.orderBy.map((c) => sql.ref(c)));
  let after: unknown[] | null = null;
  for (;;) {
    const rows: { rows: Array<Record<string, unknown>> } = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(spec.table)} where ${filter} and ${after ? sql`(${key}) > (${sql.join(after)})` : sql`1 = 1`} order by ${key} limit ${PAGE}`.execute(db);
    for (const row of rows.rows) yield toRecord(type, spec, row, secrets);
    if (rows.rows.length < PAGE) return;
    const last: Record<string, unknown> = rows.rows[rows.rows.length - 1]!;
    after = spec.orderBy.map((c: string) => last[c]);
  }
}

function siteFilter(spec: RecordType, siteId: number | null): RawBuilder<unknown> {
  if (siteId === null || spec.site === "all") return sql`1 = 1`;
  if (spec.site === "id") return sql`id = ${siteId}`;
  if (spec.site === "site_id") return sql`site_id = ${siteId}`;
  if (spec.site === "thread_id") return sql`thread_id in (select id from threads where site_id = ${siteId})`;
  if (spec.site === "comment_id") return sql`comment_id in (select c.id from comments c join threads t on t.id = c.thread_id where t.site_id = ${siteId})`;
  return sql`post_id in (select id from posts where site_id = ${siteId})`;
}

function toRecord(type: RecordTypeName, spec: RecordType, row: Record<string, unknown>, secrets: boolean): ExportRecord {
  const record: Record<string, unknown> = { type };
  for (const [column, kind] of Object.entries(spec.fields)) {
    if (!secrets && spec.secret?.includes(column)) continue;
    record[fieldName(column)] = fromColumn(row[column], kind);
  }
  return record as ExportRecord;
}

function fromColumn(value: unknown, kind: FieldKind): unknown {
  if (value === null || value === undefined) return null;
  switch (kind.replace("?", "")) {
    case "int":
      return Number(value);
    case "bool":
      return Number(value) === 1 || value === true;
    case "time":
      return new Date(Number(value)).toISOString();
    case "json":
      return typeof value === "string" ? JSON.parse(value) : value;
    default:
      return value;
  }
}

function toColumn(value: unknown, kind: FieldKind): unknown {
  if (value === null) return null;
  switch (kind.replace("?", "")) {
    case "bool":
      return value ? 1 : 0;
    case "time":
      return Date.parse(value as string);
    case "json":
      return JSON.stringify(value);
    default:
      return value;
  }
}

/** What a restore fills in for what an export leaves out. */
export interface RestoreFill {
  /** A site's secret, when the file has none (it was exported without secrets). */
  newSiteSecret(): string;
  /** A comment's edit-link hash: edit links from before the move stop working. */
  newEditTokenHash(): string;
}

/** Does the database hold anything a restore would collide with? */
export async function isEmptyForRestore(store: Store): Promise<boolean> {
  for (const table of ["sites", "users", "posts", "comments"] as const) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
    if (Number(r.rows[0]?.n ?? 0) > 0) return false;
  }
  return true;
}

/**
 * Writes checked records (in file order) into an empty database in one transaction: all or
 * nothing. Ids are kept, so every link between records holds; id counters continue after them.
 * A user exported without a password hash gets one that matches no password.
 */
export async function restoreExportRecords(store: Store, records: AsyncIterable<ExportRecord>, fill: RestoreFill): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await store.db.transaction().execute(async (trx) => {
    let batch: Array<Record<string, unknown>> = [];
    let batchType: RecordTypeName | null = null;
    const flush = async () => {
      if (batchType && batch.length > 0) await trx.insertInto(RECORD_TYPES[batchType].table as keyof Database).values(batch as never).execute();
      batch = [];
    };
    for await (const record of records) {
      if (record.type !== batchType || batch.length >= INSERT_BATCH) {
        await flush();
        batchType = record.type;
      }
      batch.push(toRow(record, fill));
      counts[record.type] = (counts[record.type] ?? 0) + 1;
    }
    await flush();
    if (store.dialect === "postgres") await continueSerialIds(trx);
  });
  return counts;
}

function toRow(record: ExportRecord, fill: RestoreFill): Record<string, unknown> {
  const spec: RecordType = RECORD_TYPES[record.type];
  const row: Record<string, unknown> = {};
  for (const [column, kind] of Object.entries(spec.fields)) {
    const name = fieldName(column);
    if (name in record) row[column] = toColumn(record[name], kind);
  }
  if (record.type === "user" && row.password_hash === undefined) row.password_hash = "!";
  // Derived, not exported: the key that reserves the account's name.
  if (record.type === "user") row.name_key = nameKey(String(row.display_name));
  if (record.type === "site" && row.secret === undefined) row.secret = fill.newSiteSecret();
  // A file from before version 3 has no look: the defaults.
  if (record.type === "site" && (row.look === null || row.look === undefined)) row.look = "{}";
  if (record.type === "comment") row.edit_token_hash = fill.newEditTokenHash();
  return row;
}
