import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

// bigint (int8) arrives as a string through pg; every bigint here is a millisecond time or a counter.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Opens SQLite in WAL mode with synchronous=FULL, so an acknowledged commit survives power loss
 * (better-sqlite3's bundled SQLite would otherwise use NORMAL under WAL). Asserts both settings.
 */
export function openSqlite(file: string): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma("busy_timeout = 5000");
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  raw.pragma("foreign_keys = ON");
  const mode = raw.pragma("journal_mode", { simple: true });
  const sync = raw.pragma("synchronous", { simple: true });
  if (mode !== "wal" || sync !== 2) {
    raw.close();
    throw new Error(`SQLite durability check failed: journal_mode=${String(mode)} synchronous=${String(sync)} (want wal / 2=FULL)`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** Opens a PostgreSQL pool; `schema` (tests) confines every table to one schema. */
export function openPostgres(url: string, options: { schema?: string; max?: number } = {}): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}

/**
 * Runs `fn` in one write transaction. On SQLite it starts with BEGIN IMMEDIATE, taking the write
 * lock up front, so two writers never deadlock upgrading a read lock.
 */
export async function withTransaction<T>(store: Store, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (store.dialect === "postgres") {
    return store.db.transaction().execute((trx: Transaction<Database>) => fn(trx));
  }
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

/** Inserts that may collide with an existing key resolve the same way on both dialects. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
