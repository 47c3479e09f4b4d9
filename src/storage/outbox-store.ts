import { sql, type Kysely } from "kysely";
import type { OutgoingMail } from "../domain/mail/mail.js";
import { withTransaction, type Store } from "./db.js";
import type { Database } from "./schema.js";

/** A row of the outbox as the worker and the staff page see it. */
export interface OutboxRow {
  readonly id: number;
  readonly kind: string;
  readonly siteId: number;
  readonly to: string;
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  readonly subscriptionId: number | null;
  readonly commentId: number | null;
  readonly createdAt: number;
  readonly attempts: number;
  readonly status: string;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly sentAt: number | null;
}

const toRow = (r: Record<string, unknown>): OutboxRow => ({
  id: Number(r.id),
  kind: r.kind as string,
  siteId: Number(r.site_id),
  to: r.to_address as string,
  subject: (r.subject as string | null) ?? null,
  text: (r.text_body as string | null) ?? null,
  html: (r.html_body as string | null) ?? null,
  subscriptionId: r.subscription_id === null ? null : Number(r.subscription_id),
  commentId: r.comment_id === null ? null : Number(r.comment_id),
  createdAt: Number(r.created_at),
  attempts: Number(r.attempts),
  status: r.status as string,
  nextAttemptAt: Number(r.next_attempt_at),
  lastError: (r.last_error as string | null) ?? null,
  sentAt: r.sent_at === null ? null : Number(r.sent_at),
});

/** Writes rendered mails into the outbox, in the caller's transaction. */
export async function insertMails(db: Kysely<Database>, mails: readonly OutgoingMail[], now: number): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto("outbox")
    .values(mails.map((m) => ({ kind: m.kind, site_id: m.siteId, to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html, created_at: now, next_attempt_at: now })))
    .execute();
}

export function makeOutboxStore(store: Store) {
  const { db } = store;
  return {
    /**
     * Takes up to `limit` due messages for `leaseMs`: pending ones whose time has come, and ones a
     * node took and never finished (it died). PostgreSQL: `FOR UPDATE SKIP LOCKED`, so each
     * message is taken by exactly one node; SQLite has one writer, and the update is the claim.
     */
    async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
      const due = sql`(status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and claimed_until < ${now})`;
      const pick =
        store.dialect === "postgres"
          ? sql`select id from outbox where ${due} order by id limit ${limit} for update skip locked`
          : sql`select id from outbox where ${due} order by id limit ${limit}`;
      // Through the group commit on SQLite: its commit is synced off the event loop, as marks are.
      const r = await withTransaction(store, (trx) =>
        sql<Record<string, unknown>>`update outbox set status = 'sending', claimed_until = ${now + leaseMs}, attempts = attempts + 1 where id in (${pick}) returning *`.execute(trx),
      );
      return r.rows.map(toRow).sort((a, b) => a.id - b.id);
    },
    /**
     * Sent: the bodies of account mails (their links hold a token) are not kept. Marks that arrive
     * while one is being written are written together, in one statement and one commit (the worker
     * keeps several messages in flight): one update per message had become a fifth of its cost.
     */
    markSent: coalesced<{ id: number; now: number }, [id: number, now: number]>(async (marks) => {
      // One time for the batch: the latest of its marks, milliseconds apart.
      const now = Math.max(...marks.map((m) => m.now));
      const ids = marks.map((m) => m.id);
      await withTransaction(store, (trx) =>
        trx.updateTable("outbox").set({ status: "sent", sent_at: now, claimed_until: null, last_error: null, text_body: null, html_body: null }).where("id", "in", ids).execute(),
      );
    }, (id: number, now: number) => ({ id, now })),
    async markRetry(id: number, error: string, at: number): Promise<void> {
      await db.updateTable("outbox").set({ status: "pending", next_attempt_at: at, claimed_until: null, last_error: error.slice(0, 500) }).where("id", "=", id).execute();
    },
    /** Given up (failed) or not to be sent at all (cancelled: the reply was removed, the subscription ended). */
    async markDone(id: number, status: "failed" | "cancelled", reason: string): Promise<void> {
      await db.updateTable("outbox").set({ status, claimed_until: null, last_error: reason.slice(0, 500), text_body: null, html_body: null }).where("id", "=", id).execute();
    },
    /** Staff: a failed message is tried again at once. */
    async retryNow(id: number, now: number): Promise<boolean> {
      const r = await db.updateTable("outbox").set({ status: "pending", next_attempt_at: now, attempts: 0 }).where("id", "=", id).where("status", "=", "failed").executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listRecent(limit: number, status?: string): Promise<OutboxRow[]> {
      let q = db.selectFrom("outbox").selectAll().orderBy("id", "desc").limit(limit);
      if (status) q = q.where("status", "=", status);
      return (await q.execute()).map((r) => toRow(r as unknown as Record<string, unknown>));
    },
    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db.selectFrom("outbox").select(["status", (eb) => eb.fn.countAll().as("n")]).groupBy("status").execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export type OutboxStore = ReturnType<typeof makeOutboxStore>;

/**
 * Calls that arrive while a write is running wait and go in the next one together; each caller's
 * promise settles with the write that carried its call.
 */
function coalesced<T, A extends unknown[] = [T]>(write: (items: T[]) => Promise<void>, item: (...args: A) => T): (...args: A) => Promise<void> {
  let waiting: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  let running = false;
  const flush = async (): Promise<void> => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    running = false;
  };
  return (...args) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item: item(...args), resolve, reject });
      if (!running) void flush();
    });
}
