import { sql } from "kysely";
import { trainingDeltas } from "../../domain/moderation/spam-model.js";
import type { ModerationStore } from "../../domain/moderation/ports.js";
import { bumpVersion } from "../comment-store.js";
import { PUBLIC_COLUMNS as COMMENT_COLUMNS, toComment } from "../comments/rows.js";
import { authorKeyOf, countStatusChange } from "../author-stats.js";
import { queueNotifications } from "../reply-notifications.js";
import { queueWebhookEvent } from "../webhook-events.js";
import { webhookEventOfDecision } from "../../domain/webhooks/webhook.js";
import { withTransaction, type Store } from "../db.js";
import { DOCS, writeLog, type Db } from "./shared.js";

/** Decisions and their tallies: each decision, its audit entry, its training and the author's tally in one transaction; reports. */
export function makeDecisions(store: Store): Pick<ModerationStore, "decide" | "setFeatured" | "resolveReports" | "countOpenReports" | "addReport" | "holdForReview"> {
  const { db } = store;

  async function train(trx: Db, tokens: readonly string[], spam: number, ham: number): Promise<void> {
    const all = [DOCS, ...tokens];
    for (let i = 0; i < all.length; i += 500) {
      await trx
        .insertInto("spam_tokens")
        .values(all.slice(i, i + 500).map((token) => ({ token, spam, ham })))
        .onConflict((oc) =>
          oc.column("token").doUpdateSet((eb) => ({ spam: eb("spam_tokens.spam", "+", spam), ham: eb("spam_tokens.ham", "+", ham) })),
        )
        .execute();
    }
  }

  async function resolveOpen(trx: Db, commentId: number, at: number): Promise<number> {
    const r = await trx.updateTable("comment_reports").set({ resolved_at: at }).where("comment_id", "=", commentId).where("resolved_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  return {
    async decide(d) {
      return withTransaction(store, async (trx) => {
        const before = await trx.selectFrom("comments").select(["status", "trained_as", "author_user_id", "network_hash"]).where("id", "=", d.commentId).executeTakeFirst();
        if (!before) return undefined;
        const removed = d.to === "published" || d.to === "pending" ? null : d.at;
        const row = await trx
          .updateTable("comments")
          .set({ status: d.to, moderated_at: d.at, moderated_by: d.actorId, removed_at: removed })
          .where("id", "=", d.commentId)
          .where("status", "in", [...d.from])
          .returning(COMMENT_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        const delta = (d.to === "published" ? 1 : 0) - (before.status === "published" ? 1 : 0);
        await bumpVersion(trx, Number(row.thread_id), delta);
        // A held reply tells its subscribers when it is approved, in the same transaction as the decision.
        if (d.to === "published") await queueNotifications(trx, [d.commentId], d.at);
        // The site's webhook hears of it from the same transaction (an outbox: see webhook-events.ts).
        await queueWebhookEvent(trx, d.commentId, webhookEventOfDecision(d.to), d.at);
        await countStatusChange(trx, authorKeyOf(before), before.status, d.to);
        if (d.training) {
          // The domain's rule (trainingDeltas): a changed mind moves the comment between classes.
          const deltas = trainingDeltas(before.trained_as, d.training.label);
          for (const [spam, ham] of deltas) await train(trx, d.training.tokens, spam, ham);
          if (deltas.length > 0) await trx.updateTable("comments").set({ trained_as: d.training.label }).where("id", "=", d.commentId).execute();
        }
        const resolved = await resolveOpen(trx, d.commentId, d.at);
        await writeLog(trx, {
          actorId: d.actorId,
          action: d.action,
          commentId: d.commentId,
          detail: `${before.status} → ${d.to}${resolved > 0 ? `; ${resolved} report${resolved === 1 ? "" : "s"} resolved` : ""}`,
          reason: d.reason,
          at: d.at,
        });
        return toComment(row);
      });
    },

    async setFeatured(commentId, featured, e) {
      return withTransaction(store, async (trx) => {
        const row = await trx
          .updateTable("comments")
          .set({ featured_at: featured ? e.at : null })
          .where("id", "=", commentId)
          .where("status", "=", "published")
          .returning(COMMENT_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        await bumpVersion(trx, Number(row.thread_id), 0);
        await writeLog(trx, { actorId: e.actorId, action: featured ? "feature" : "unfeature", commentId, detail: featured ? "featured" : "no longer featured", reason: e.reason, at: e.at });
        return toComment(row);
      });
    },

    async resolveReports(commentId, e) {
      return withTransaction(store, async (trx) => {
        const n = await resolveOpen(trx, commentId, e.at);
        if (n > 0) {
          await writeLog(trx, { actorId: e.actorId, action: "dismiss_reports", commentId, detail: `${n} report${n === 1 ? "" : "s"} dismissed`, reason: e.reason, at: e.at });
        }
        return n;
      });
    },

    async countOpenReports(commentId) {
      const r = await db
        .selectFrom("comment_reports")
        .select(sql<number>`count(*)`.as("n"))
        .where("comment_id", "=", commentId)
        .where("resolved_at", "is", null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async addReport(r) {
      return withTransaction(store, async (trx) => {
        const added = await trx
          .insertInto("comment_reports")
          .values({ comment_id: r.commentId, reporter_key: r.reporterKey, reason: r.reason, created_at: r.at, resolved_at: null })
          .onConflict((oc) => oc.columns(["comment_id", "reporter_key"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        const n = await trx
          .selectFrom("comment_reports")
          .select(sql<number>`count(*)`.as("n"))
          .where("comment_id", "=", r.commentId)
          .where("resolved_at", "is", null)
          .executeTakeFirstOrThrow();
        return { added: added !== undefined, openReports: Number(n.n) };
      });
    },

    async holdForReview(commentId, reason, at) {
      return withTransaction(store, async (trx) => {
        const row = await trx
          .updateTable("comments")
          .set({ status: "pending" })
          .where("id", "=", commentId)
          .where("status", "=", "published")
          .returning([...COMMENT_COLUMNS, "network_hash"])
          .executeTakeFirst();
        if (!row) return undefined;
        await bumpVersion(trx, Number(row.thread_id), -1);
        await countStatusChange(trx, authorKeyOf(row), "published", "pending");
        await writeLog(trx, { actorId: null, action: "auto_hide", commentId, detail: "published → pending", reason, at });
        return toComment(row);
      });
    },
  };
}
