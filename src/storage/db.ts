import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import type pg from "pg";
import { lazyModule } from "../lazy-module.js";
import { GroupCommit, LogSyncer } from "./group-commit.js";
import type { Database } from "./schema.js";
import { searchableText } from "../domain/search/search.js";

export type Dialect = "sqlite" | "postgres";

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** SQLite only: shares one commit among write transactions that arrive together. */
  readonly group?: GroupCommit;
  /**
   * SQLite only: the connection itself, for the few hottest statements (a vote) run synchronously
   * inside a group commit's job — the same connection, so inside the same transaction.
   */
  readonly sqlite?: SQLite.Database;
  /**
   * SQLite only: a consistent copy of the whole database into `file` while it stays in use (SQLite's
   * online backup, page by page); `progress` gets the fraction done. PostgreSQL is backed up with pg_dump.
   */
  readonly backupTo?: (file: string, progress?: (done: number) => void) => Promise<void>;
  /**
   * SQLite only: runs a long series of writes nobody is waiting on one by one (an import from the
   * command line) without an fsync per commit (synchronous=NORMAL: WAL keeps commits in order and the
   * file whole), then makes all of it durable with a checkpoint before it resolves. A power cut in
   * the middle loses only the last commits, never half of one.
   */
  readonly bulkWrites?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** PostgreSQL only: how to open a connection of one's own (the event bus LISTENs on one). */
  readonly connection?: { readonly url: string; readonly schema?: string | undefined };
  close(): Promise<void>;
}

/** pg, loaded when PostgreSQL is first opened. bigint (int8) arrives as a string through pg; every bigint here is a millisecond time or a counter. */
export const loadPg = lazyModule<typeof pg>("pg", (loaded) => loaded.types.setTypeParser(20, (v) => Number(v)));

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
  // Savepoint and statement journals (every job of a group commit runs in a savepoint; an insert …
  // select may abort half-way) in memory rather than in temporary files: a posted comment's
  // statements took about half the time (the comment's insert 52 → 26 µs at the median, its outbox
  // rows 24 → 13 µs). The database and its log are untouched by this: durability is the same.
  raw.pragma("temp_store = MEMORY");
  // The search triggers index text through this (migration 009): every writer registers it.
  raw.function("bs_searchable", { deterministic: true }, (text: unknown) => (typeof text === "string" ? searchableText(text) : text));
  const mode = raw.pragma("journal_mode", { simple: true });
  const sync = raw.pragma("synchronous", { simple: true });
  if (mode !== "wal" || sync !== 2) {
    raw.close();
    throw new Error(`SQLite durability check failed: journal_mode=${String(mode)} synchronous=${String(sync)} (want wal / 2=FULL)`);
  }
  const cached = withStatementCache(raw);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  const log = new LogSyncer(`${file}-wal`);
  const group = new GroupCommit(db, 200, log, raw);
  return {
    db,
    dialect: "sqlite",
    group,
    sqlite: cached,
    bulkWrites: async (fn) => {
      group.bulk = true;
      raw.pragma("synchronous = NORMAL");
      // Fewer, larger checkpoints while it runs (each one syncs): the log may grow to some 100 MB.
      raw.pragma("wal_autocheckpoint = 25000");
      try {
        return await fn();
      } finally {
        group.bulk = false;
        raw.pragma("synchronous = FULL");
        raw.pragma("wal_autocheckpoint = 1000");
        // Under WAL the log is synced before every checkpoint: after this, every commit above is on disk.
        raw.pragma("wal_checkpoint(PASSIVE)");
      }
    },
    backupTo: async (target, progress) => {
      await raw.backup(target, {
        progress: ({ totalPages, remainingPages }) => {
          progress?.(totalPages === 0 ? 1 : (totalPages - remainingPages) / totalPages);
          return 256; // pages per step: the server keeps answering between steps
        },
      });
    },
    close: async () => {
      await db.destroy();
      log.close();
    },
  };
}

/**
 * Kysely prepares every query afresh; preparing is a measurable share of a small write. Statements
 * are reusable in better-sqlite3 (Kysely runs them with all()/run(), and iterate() only for
 * streaming, which we do not use), so keep the most recent ones by SQL text.
 */
function withStatementCache(raw: SQLite.Database, max = 256): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop !== "prepare") {
        const value = Reflect.get(target, prop, receiver) as unknown;
        // Native methods must run with the real database as `this`.
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (text: string) => {
        let stmt = cache.get(text);
        if (stmt) {
          cache.delete(text);
        } else {
          stmt = target.prepare(text);
          if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        }
        cache.set(text, stmt);
        return stmt;
      };
    },
  });
}

/**
 * Makes each connection keep its statements prepared: a query is sent with a name derived from its
 * text, so PostgreSQL parses and plans it once per connection instead of on every execution (the
 * server's CPU per posted comment fell by about a third). Statements without parameters pass as
 * they are (BEGIN, COMMIT, LISTEN).
 */
function preparePerConnection(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  let made = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== "string" || !Array.isArray(values) || values.length === 0 || rest.length > 0) return query(text, values, ...rest);
    let name = names.get(text);
    if (name === undefined) {
      // Shapes beyond this (e.g. IN lists of every length) are sent unnamed rather than kept forever.
      if (names.size >= 500) return query(text, values);
      name = `bs_${(made++).toString(36)}`;
      names.set(text, name);
    }
    return (query({ name, text, values }) as Promise<unknown>).catch((err: { message?: string }) => {
      // Another node migrated a table under this statement (a rolling upgrade): prepare it afresh.
      if (!/cached plan must not change result type/.test(err?.message ?? "")) throw err;
      names.delete(text);
      return query(text, values);
    });
  };
}

/** Opens a PostgreSQL pool; `schema` (tests) confines every table to one schema. */
export function openPostgres(url: string, options: { schema?: string; max?: number; onConnectionError?: (err: Error) => void } = {}): Store {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A connection the server ended (a restart, a failover, pg_terminate_backend) emits "error": the
  // pool hears it while the connection is idle, but a connection checked out — inside a transaction,
  // between its statements — has only its own listener, and unheard, Node would end the process. The
  // request using it fails (503) and the pool replaces it.
  const lost = (err: Error) => options.onConnectionError?.(err);
  pool.on("connect", (client) => {
    client.on("error", lost);
    preparePerConnection(client);
  });
  pool.on("error", lost);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", connection: { url, schema: options.schema }, close: () => db.destroy() };
}

/**
 * Runs `fn` atomically and resolves once it is committed. On SQLite, writes that arrive together
 * share one BEGIN IMMEDIATE … COMMIT (see group-commit.ts), each in its own savepoint.
 */
export async function withTransaction<T>(store: Store, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (store.group) return store.group.run(fn);
  return store.db.transaction().execute((trx: Transaction<Database>) => fn(trx));
}

/**
 * The database went away under a request (restart, failover, a cut connection, no connection to
 * be had): the request can be tried again in a moment, and nothing it did was committed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? "";
  // 57P01–57P03: admin/crash shutdown, cannot connect now; 08xxx: connection exceptions; 53300:
  // every connection the server (or our role) may have is taken; 25006: the server is read-only
  // (a standby, until a failover completes, or a primary the operator set so).
  if (/^57P0[123]$/.test(code) || /^08/.test(code) || code === "53300" || code === "25006" || ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code)) return true;
  return /Connection terminated|connection error|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e?.message ?? "");
}

/**
 * A number the database's column cannot hold (PostgreSQL 22003): only a reader's input can be that
 * (ours stay within domain/shared/ids.ts). The edge bounds every id; this names what slipped past.
 */
export function isNumberOutOfRange(err: unknown): boolean {
  return (err as { code?: string })?.code === "22003";
}

/**
 * Text the database cannot hold (PostgreSQL 22021, 22P05: a NUL, an invalid sequence): the edge
 * makes every body storable and refuses such addresses; this names what slipped past.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "22021" || code === "22P05";
}

/**
 * A value longer than an index entry may be (PostgreSQL 54000: a btree entry holds about 2,700
 * bytes; SQLite has no such limit): the domain bounds every indexed text it takes in; this names
 * what slipped past, as the writer's 400 rather than our 500.
 */
export function isTooLongToIndex(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "54000" && /index row/i.test(e.message ?? "");
}

/** Inserts that may collide with an existing key resolve the same way on both dialects. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
