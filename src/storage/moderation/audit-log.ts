import type { LogEntry, ModerationAction, ModerationStore } from "../../domain/moderation/ports.js";
import { type Store } from "../db.js";
import { writeLog } from "./shared.js";

/** The audit log: an entry on its own (settings, accounts, pages), and the log read newest first. */
export function makeAuditLog(store: Store): Pick<ModerationStore, "log" | "listLog"> {
  const { db } = store;
  return {
    log: (e) => writeLog(db, e),

    async listLog({ beforeId, limit, siteId }): Promise<LogEntry[]> {
      let q = db
        .selectFrom("moderation_log")
        .leftJoin("users", "users.id", "moderation_log.actor_id")
        .select([
          "moderation_log.id",
          "moderation_log.actor_id",
          "users.display_name",
          "moderation_log.action",
          "moderation_log.comment_id",
          "moderation_log.detail",
          "moderation_log.reason",
          "moderation_log.created_at",
          "moderation_log.site_id",
        ]);
      if (siteId !== undefined) q = q.where("moderation_log.site_id", "=", siteId);
      if (beforeId !== undefined) q = q.where("moderation_log.id", "<", beforeId);
      const rows = await q.orderBy("moderation_log.id", "desc").limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: r.display_name ?? null,
        action: r.action as ModerationAction,
        commentId: r.comment_id === null ? null : Number(r.comment_id),
        detail: r.detail,
        reason: r.reason,
        createdAt: Number(r.created_at),
        siteId: r.site_id === null ? null : Number(r.site_id),
      }));
    },
  };
}
