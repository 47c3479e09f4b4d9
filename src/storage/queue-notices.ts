import { sql } from "kysely";
import type { OutgoingMail } from "../domain/mail/mail.js";
import { withTransaction, type Store } from "./db.js";
import { insertMails } from "./outbox-store.js";

/** A staff member who asked to hear of the queue, and what is new there since they last heard. */
export interface QueueNoticeDue {
  readonly userId: number;
  readonly email: string;
  readonly displayName: string;
  readonly lastAt: number | null;
  /** Comments waiting now (held for review), and of those, the ones that came since the last notice. */
  readonly waiting: number;
  readonly fresh: number;
  /** Comments readers reported since the last notice. */
  readonly reported: number;
}

/**
 * "Tell me of new items in the moderation queue, at most once every N minutes", per staff member
 * (users.queue_mail_minutes; null: never). `record` moves the member's last-notice time forward
 * only if nobody (another node) did meanwhile, and writes the mail in the same transaction: one
 * mail per quiet period, however many nodes look.
 */
export function makeQueueNoticeStore(store: Store) {
  const { db } = store;
  return {
    async due(now: number): Promise<QueueNoticeDue[]> {
      const staff = await db
        .selectFrom("users")
        .select(["id", "email", "display_name", "queue_mail_minutes", "queue_mailed_at", "queue_notices_since"])
        .where("queue_mail_minutes", "is not", null)
        .where("role", "in", ["moderator", "editor", "admin"])
        .execute();
      const out: QueueNoticeDue[] = [];
      for (const u of staff) {
        const last = u.queue_mailed_at === null ? null : Number(u.queue_mailed_at);
        if (last !== null && last + Number(u.queue_mail_minutes) * 60_000 > now) continue;
        const since = Math.max(last ?? 0, Number(u.queue_notices_since ?? 0));
        const r = await sql<{ waiting: number; fresh: number; reported: number }>`select
            (select count(*) from comments where status = 'pending') as waiting,
            (select count(*) from comments where status = 'pending' and created_at > ${since}) as fresh,
            (select count(*) from comment_reports where resolved_at is null and created_at > ${since}) as reported`.execute(db);
        const row = r.rows[0];
        const fresh = Number(row?.fresh ?? 0);
        const reported = Number(row?.reported ?? 0);
        if (fresh + reported === 0) continue;
        out.push({ userId: Number(u.id), email: u.email, displayName: u.display_name, lastAt: last, waiting: Number(row?.waiting ?? 0), fresh, reported });
      }
      return out;
    },

    /** Writes the notice unless another node already did for this period; whether it was written. */
    async record(due: QueueNoticeDue, mail: OutgoingMail, now: number): Promise<boolean> {
      return withTransaction(store, async (trx) => {
        const q = trx.updateTable("users").set({ queue_mailed_at: now }).where("id", "=", due.userId);
        const r = await (due.lastAt === null ? q.where("queue_mailed_at", "is", null) : q.where("queue_mailed_at", "=", due.lastAt)).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await insertMails(trx, [mail], now);
        return true;
      });
    },

    /** The member's choice: minutes between notices, or null for none; what is new counts from now (nothing old is announced). */
    async setChoice(userId: number, minutes: number | null, now: number): Promise<void> {
      await db.updateTable("users").set({ queue_mail_minutes: minutes, queue_mailed_at: null, queue_notices_since: now }).where("id", "=", userId).execute();
    },
    async choiceOf(userId: number): Promise<number | null> {
      const r = await db.selectFrom("users").select("queue_mail_minutes").where("id", "=", userId).executeTakeFirst();
      return r?.queue_mail_minutes == null ? null : Number(r.queue_mail_minutes);
    },
  };
}

export type QueueNoticeStore = ReturnType<typeof makeQueueNoticeStore>;
