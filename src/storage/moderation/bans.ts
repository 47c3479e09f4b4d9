import type { ModerationStore } from "../../domain/moderation/ports.js";
import { withTransaction, type Store } from "../db.js";
import { banCoversSite, banInForce, toBan, writeLog } from "./shared.js";

/** Bans: those in force, imposing one and lifting one (each with its audit entry). */
export function makeBans(store: Store): Pick<ModerationStore, "listBans" | "insertBan" | "liftBan"> {
  const { db } = store;
  return {
    async listBans(now, siteId) {
      const rows = await db
        .selectFrom("bans")
        .selectAll()
        .where(banInForce("bans", now))
        .$if(siteId !== undefined, (q) => q.where(banCoversSite("bans", siteId ?? 0)))
        .orderBy("id", "desc")
        .execute();
      return rows.map(toBan);
    },

    async insertBan(b) {
      return withTransaction(store, async (trx) => {
        const row = await trx
          .insertInto("bans")
          .values({ kind: b.kind, value: b.value, reason: b.reason, created_by: b.createdBy, created_at: b.createdAt, expires_at: b.expiresAt, lifted_at: null, site_id: b.siteId })
          .returningAll()
          .executeTakeFirstOrThrow();
        const until = b.expiresAt === null ? "permanent" : `until ${new Date(b.expiresAt).toISOString()}`;
        const where = b.siteId === null ? "every site" : `site ${b.siteId}`;
        await writeLog(trx, { actorId: b.createdBy, action: "ban", commentId: null, detail: `ban #${row.id}: ${b.kind.replace("_", " ")} ${b.kind === "network" ? b.value.slice(0, 8) + "…" : b.value}, ${until}, on ${where}`, reason: b.reason, at: b.createdAt, siteId: b.siteId });
        return toBan(row);
      });
    },

    async liftBan(id, by, at) {
      return withTransaction(store, async (trx) => {
        const row = await trx.updateTable("bans").set({ lifted_at: at }).where("id", "=", id).where("lifted_at", "is", null).returningAll().executeTakeFirst();
        if (!row) return undefined;
        await writeLog(trx, { actorId: by, action: "lift_ban", commentId: null, detail: `ban #${id} lifted`, reason: "", at, siteId: row.site_id === null ? null : Number(row.site_id) });
        return toBan(row);
      });
    },
  };
}
