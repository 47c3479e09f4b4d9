import { sql, type Kysely } from "kysely";
import type { Database } from "./schema.js";

interface Job {
  run(trx: Kysely<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit for SQLite: write transactions that arrive together share one BEGIN IMMEDIATE …
 * COMMIT, so one fsync (synchronous=FULL) acknowledges many. Each job runs inside its own SAVEPOINT,
 * so a failing job rolls back alone; every job's promise settles only after the COMMIT returned,
 * so nothing is acknowledged before it is durable.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 200,
  ) {}

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
    try {
      await this.db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          for (const job of batch) {
            await sql`savepoint job`.execute(conn);
            try {
              outcomes.push({ ok: true, value: await job.run(conn) });
              await sql`release job`.execute(conn);
            } catch (err) {
              await sql`rollback to job`.execute(conn);
              await sql`release job`.execute(conn);
              outcomes.push({ ok: false, err });
            }
          }
          await sql`commit`.execute(conn);
        } catch (err) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw err;
        }
      });
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
}
