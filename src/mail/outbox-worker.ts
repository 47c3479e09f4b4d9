import type { RenderedMail } from "../domain/mail/mail.js";
import type { OutboxRow, OutboxStore } from "../storage/outbox-store.js";
import type { MailSender } from "./mail-sender.js";

/** How a notification row becomes a message when it is sent (or why it is not sent at all). */
export type RenderOutboxRow = (row: OutboxRow) => Promise<{ mail: RenderedMail; headers?: Record<string, string> } | { cancel: string }>;

const LEASE_MS = 2 * 60_000;
const BATCH = 20;
const MAX_ATTEMPTS = 10;

/** Retry after 30 s, 1 min, 2 min … at most 6 hours apart. */
export function backoffMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the outbox holds. Each round takes due messages for a lease (with several nodes on
 * PostgreSQL, `FOR UPDATE SKIP LOCKED`: exactly one node takes each), sends them two at a time,
 * and marks each sent, retried later with backoff, or failed after ten attempts (the staff Mail page
 * shows it and can retry). A node that dies mid-round leaves its messages to be taken again when
 * the lease ends: a message is sent at least once and, short of a crash between the server's "OK"
 * and our mark, exactly once; its Message-ID is the same either way.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

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
      /** Messages in flight at once (the sender's pooled connections); 2 by default. */
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
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<number> {
    let sent = 0;
    await this.deps.beforeRound?.(this.deps.now());
    for (;;) {
      const rows = await this.deps.outbox.claimDue(this.deps.now(), BATCH, LEASE_MS);
      if (rows.length === 0) return sent;
      // As many messages in flight as the sender has connections: a round waits on the SMTP
      // server's answers, not on our CPU, so one at a time left a pooled connection idle.
      const queue = [...rows];
      await Promise.all(
        Array.from({ length: Math.min(this.deps.concurrency ?? 2, queue.length) }, async () => {
          for (let row = queue.shift(); row && !this.stopped; row = queue.shift()) if (await this.deliver(row)) sent++;
        }),
      );
      if (this.stopped) return sent;
    }
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    let rendered: Awaited<ReturnType<RenderOutboxRow>>;
    try {
      rendered = await this.deps.render(row);
    } catch (err) {
      await this.retryOrFail(row, `could not be written: ${(err as Error).message}`);
      return false;
    }
    if ("cancel" in rendered) {
      await this.deps.outbox.markDone(row.id, "cancelled", rendered.cancel);
      return false;
    }
    try {
      await this.deps.sender.send({
        from: this.deps.from,
        to: row.to,
        ...rendered.mail,
        ...(rendered.headers ? { headers: rendered.headers } : {}),
        messageId: `<outbox-${row.id}@${this.deps.hostname}>`,
      });
    } catch (err) {
      await this.retryOrFail(row, (err as Error).message);
      return false;
    }
    await this.deps.outbox.markSent(row.id, this.deps.now());
    return true;
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
