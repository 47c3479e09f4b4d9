import fs from "node:fs";
import { sql, type Kysely } from "kysely";
import { Rounds } from "../domain/shared/rounds.js";
import type { Database } from "./schema.js";

interface Job {
  run(trx: Kysely<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Makes the write-ahead log durable off the main thread: `fsync` of the -wal file runs on libuv's
 * thread pool. Callers who arrive while a sync runs share the next one (it starts when the running
 * one ends, so it covers every commit made before they asked).
 */
export class LogSyncer {
  private fd: number | undefined;
  private readonly rounds = new Rounds(() => this.runOnce());

  constructor(private readonly walFile: string) {}

  /** Resolves once everything written to the log before this call is on disk. */
  sync(): Promise<void> {
    return this.rounds.run();
  }

  private async runOnce(): Promise<void> {
    // The log is created by the first write and kept while the database is open.
    this.fd ??= fs.openSync(this.walFile, "r");
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Group commit for SQLite: write transactions that arrive together share one BEGIN IMMEDIATE …
 * COMMIT, so one fsync acknowledges many. Each job runs inside its own SAVEPOINT, so a failing job
 * rolls back alone; every job's promise settles only after its commit is on disk, so nothing is
 * acknowledged before it is durable.
 *
 * With a `LogSyncer`, the batch commits with synchronous=NORMAL (SQLite writes the log but does not
 * wait for the disk, so the event loop is not stopped for the fsync — a 5 ms fsync used to stall
 * every page being served), then the log is synced on the thread pool; the jobs are answered after
 * that sync, and the next batch starts then (with everything that arrived meanwhile). The same guarantee as synchronous=FULL for every
 * acknowledged commit; the connection is back to FULL for every write outside the group.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  /** Set by the store's bulkWrites: the connection is at synchronous=NORMAL and syncs at the end. */
  bulk = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 200,
    private readonly log?: LogSyncer,
    /** The same connection, to run the batch's own statements (BEGIN, SAVEPOINT …) without building queries. */
    private readonly raw?: { exec(sql: string): unknown },
  ) {}

  private async exec(conn: Kysely<Database>, statement: string): Promise<unknown> {
    if (this.raw) return this.raw.exec(statement);
    return sql.raw(statement).execute(conn);
  }

  run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  // setImmediate, not a microtask: requests whose bytes arrived in this turn of the event loop get
  // to join the batch before it starts.
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    const log = this.bulk ? undefined : this.log;
    try {
      await this.db.connection().execute(async (conn) => {
        if (log) await this.exec(conn, "pragma synchronous = NORMAL");
        try {
          await this.commitBatch(conn, batch, outcomes);
        } finally {
          if (log) await this.exec(conn, "pragma synchronous = FULL");
        }
      });
      // The next batch waits for this sync: what arrives meanwhile joins it, so hot pages (indexes,
      // counters) are written once per batch rather than once per request. The event loop is free.
      await log?.sync();
      batch.forEach((job, i) => {
        const o = outcomes[i];
        if (o?.ok) job.resolve(o.value);
        else job.reject(o ? o.err : new Error("job did not run"));
      });
    } catch (err) {
      for (const job of batch) job.reject(err);
    } finally {
      this.scheduled = false;
      this.schedule();
    }
  }

  private async commitBatch(conn: Kysely<Database>, batch: Job[], outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }>): Promise<void> {
    await this.exec(conn, "begin immediate");
    try {
      for (const job of batch) {
        await this.exec(conn, "savepoint job");
        try {
          outcomes.push({ ok: true, value: await job.run(conn) });
          await this.exec(conn, "release job");
        } catch (err) {
          await this.exec(conn, "rollback to job");
          await this.exec(conn, "release job");
          outcomes.push({ ok: false, err });
        }
      }
      await this.exec(conn, "commit");
    } catch (err) {
      await this.exec(conn, "rollback").catch(() => undefined);
      throw err;
    }
  }
}
