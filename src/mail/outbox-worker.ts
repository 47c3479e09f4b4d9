import { Rounds } from "../domain/shared/rounds.js";
import type { RenderedMail } from "../domain/mail/mail.js";
import type { OutboxRow, OutboxStore } from "../storage/outbox-store.js";
import type { MailSender } from "./mail-sender.js";

/**
 * How a notification row becomes a message when it is sent (or why it is not sent at all).
 * `batch` is an object new for each batch the worker takes: a renderer may keep what the batch's
 * messages share under it (in a WeakMap), read once rather than once per message.
 */
export type RenderOutboxRow = (row: OutboxRow, batch: object) => Promise<{ mail: RenderedMail; headers?: Record<string, string> } | { cancel: string }>;

const LEASE_MS = 2 * 60_000;
const BATCH = 50;
const MAX_ATTEMPTS = 10;

/** Retry after 30 s, 1 min, 2 min … at most 6 hours apart. */
export function backoffMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the outbox holds. Each round takes due messages for a lease (with several nodes on
 * PostgreSQL, `FOR UPDATE SKIP LOCKED`: exactly one node takes each), sends them four at a time,
 * and marks each sent, retried later with backoff, or failed after ten attempts (the staff Mail page
 * shows it and can retry). A node that dies mid-round leaves its messages to be taken again when
 * the lease ends: a message is sent at least once and, short of a crash between the server's "OK"
 * and our mark, exactly once; its Message-ID is the same either way.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private readonly rounds = new Rounds(async () => (this.stopped ? 0 : this.drain()));
  private stopped = false;
  private batch: object = {};

  constructor(
    private readonly deps: {
      outbox: Pick<OutboxStore, "claimDue" | "markSent" | "markRetry" | "markDone">;
      sender: MailSender;
      render: RenderOutboxRow;
      now: () => number;
      /** Work that writes mail before each round: daily digests, staff queue notices. */
      beforeRound?: (now: number) => Promise<void>;
      from: string;
      hostname: string;
      onError: (err: unknown) => void;
      /** Messages in flight at once: two per pooled connection of the sender (4 by default). */
      concurrency?: number;
    },
  ) {}

  start(intervalMs = 1000): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.runOnce()
        .catch(this.deps.onError)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** A mail was just written: send it now rather than at the next tick — if this node sends at all (started). */
  kick(): void {
    if (this.timer !== undefined && !this.stopped) void this.runOnce().catch(this.deps.onError);
  }

  /** Sends everything due now (rounds until none is left); resolves with how many were sent. */
  runOnce(): Promise<number> {
    return this.rounds.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.rounds.idle();
  }

  private async drain(): Promise<number> {
    let sent = 0;
    await this.deps.beforeRound?.(this.deps.now());
    // Two messages in flight per pooled connection: while the SMTP server answers one, the next is
    // written, so a connection never waits on our CPU. The lanes share one queue, topped up by a
    // claim before it runs dry; marks are not waited for in the lane (a mark waits for its commit to
    // reach the disk, and holding the connection meanwhile left it idle half the time).
    const queue: OutboxRow[] = [];
    let claiming: Promise<void> | undefined;
    let exhausted = false;
    const claim = (): Promise<void> =>
      (claiming ??= this.deps.outbox
        .claimDue(this.deps.now(), BATCH, LEASE_MS)
        .then((rows) => {
          this.batch = {};
          queue.push(...rows);
          if (rows.length === 0) exhausted = true;
        })
        .finally(() => (claiming = undefined)));
    const next = async (): Promise<OutboxRow | undefined> => {
      while (queue.length === 0 && !exhausted && !this.stopped) await claim();
      const row = this.stopped ? undefined : queue.shift();
      if (row && queue.length < BATCH / 5 && !exhausted) void claim().catch(this.deps.onError);
      return row;
    };
    const marks = new Set<Promise<void>>();
    await Promise.all(
      Array.from({ length: this.deps.concurrency ?? 4 }, async () => {
        for (let row = await next(); row; row = await next()) {
          const outcome = await this.deliver(row);
          const mark: Promise<void> = outcome.mark.then((ok) => {
            if (ok && outcome.sent) sent++;
            marks.delete(mark);
          });
          marks.add(mark);
        }
      }),
    );
    await Promise.all(marks);
    return sent;
  }

  /** Renders and sends one message; `mark` settles once the outcome is written (true) or could not be (false). */
  private async deliver(row: OutboxRow): Promise<{ sent: boolean; mark: Promise<boolean> }> {
    let rendered: Awaited<ReturnType<RenderOutboxRow>>;
    try {
      rendered = await this.deps.render(row, this.batch);
    } catch (err) {
      return { sent: false, mark: this.record(this.retryOrFail(row, `could not be written: ${(err as Error).message}`)) };
    }
    if ("cancel" in rendered) return { sent: false, mark: this.record(this.deps.outbox.markDone(row.id, "cancelled", rendered.cancel)) };
    try {
      await this.deps.sender.send({
        from: this.deps.from,
        to: row.to,
        ...rendered.mail,
        ...(rendered.headers ? { headers: rendered.headers } : {}),
        messageId: `<outbox-${row.id}@${this.deps.hostname}>`,
      });
    } catch (err) {
      return { sent: false, mark: this.record(this.retryOrFail(row, (err as Error).message)) };
    }
    return { sent: true, mark: this.record(this.deps.outbox.markSent(row.id, this.deps.now())) };
  }

  /**
   * A mark that cannot be written (the database is away) is reported, and the message stays taken
   * until its lease ends; then it is sent again, with the same Message-ID.
   */
  private record(mark: Promise<void>): Promise<boolean> {
    return mark.then(
      () => true,
      (err: unknown) => {
        this.deps.onError(err);
        return false;
      },
    );
  }

  private async retryOrFail(row: OutboxRow, error: string): Promise<void> {
    if (row.attempts >= MAX_ATTEMPTS) await this.deps.outbox.markDone(row.id, "failed", error);
    else await this.deps.outbox.markRetry(row.id, error, this.deps.now() + backoffMs(row.attempts));
  }
}

/** Account mails are written rendered: they go as they are. */
export function renderedRow(row: OutboxRow): { mail: RenderedMail } | null {
  return row.subject !== null && row.text !== null && row.html !== null ? { mail: { subject: row.subject, text: row.text, html: row.html } } : null;
}
