/** What the moderation store's parts share: row mapping, the SQL forms of its rules, the audit entry, the author tally. */
import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import type { AuthorRef } from "../../domain/moderation/author.js";
import type { Ban, BanKind } from "../../domain/moderation/ban.js";
import type { BanTargets, ModerationAction } from "../../domain/moderation/ports.js";
import type { AuthorHistory } from "../../domain/moderation/screening.js";
import { authorKeyOf, contribution } from "../author-stats.js";
import type { Database } from "../schema.js";

export type Db = Kysely<Database>;

/** The spam model's document counts live under this reserved token. */
export const DOCS = "";

export type BanRow = { id: number; kind: string; value: string; reason: string; created_by: number | null; created_at: number; expires_at: number | null; lifted_at: number | null; site_id: number | null };

export function toBan(r: BanRow): Ban {
  return {
    id: Number(r.id),
    kind: r.kind as BanKind,
    value: r.value,
    reason: r.reason,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: Number(r.created_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    liftedAt: r.lifted_at === null ? null : Number(r.lifted_at),
    siteId: r.site_id === null || r.site_id === undefined ? null : Number(r.site_id),
  };
}

export function parseReasons(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The domain's "ban in force" (isBanActive in domain/moderation/ban.ts) as SQL, the one copy every
 * query of bans uses: not lifted, and permanent or not yet expired at `now`.
 */
export function banInForce(table: string, now: number) {
  const col = (c: string) => sql.ref(`${table}.${c}`);
  return sql<boolean>`(${col("lifted_at")} is null and (${col("expires_at")} is null or ${col("expires_at")} > ${now}))`;
}

/** The domain's banCoversSite in SQL, the only copy: a ban of every site, or of this one. */
export function banCoversSite(table: string, siteId: number) {
  const col = sql.ref(`${table}.site_id`);
  return sql<boolean>`(${col} is null or ${col} = ${siteId})`;
}

/** Matches the author's comments: by account, or for guests by network among comments without an account. */
/** Bans in force at `now` on any of the targets (a user, a network, an e-mail domain or its parents). */
export function activeBansFor(targets: BanTargets, now: number) {
  return (eb: ExpressionBuilder<Database, "bans">) => {
    const any = [];
    if (targets.userId !== undefined) any.push(eb.and([eb("kind", "=", "user"), eb("value", "=", String(targets.userId))]));
    if (targets.networkHash) any.push(eb.and([eb("kind", "=", "network"), eb("value", "=", targets.networkHash)]));
    if (targets.emailDomain) any.push(eb.and([eb("kind", "=", "email_domain"), eb("value", "in", domainAndParents(targets.emailDomain))]));
    return eb.and([banInForce("bans", now), banCoversSite("bans", targets.siteId), any.length > 0 ? eb.or(any) : eb.val(false)]);
  };
}

export function byAuthor(author: AuthorRef) {
  return (eb: ExpressionBuilder<Database, "comments">) =>
    "userId" in author
      ? eb("author_user_id", "=", author.userId)
      : eb.and([eb("author_user_id", "is", null), eb("network_hash", "=", author.networkHash)]);
}

/** Every parent domain a ban might name: "a.b.example.com" → itself, "b.example.com", "example.com", "com". */
export function domainAndParents(domain: string): string[] {
  const parts = domain.split(".");
  return parts.map((_, i) => parts.slice(i).join(".")).filter((d) => d !== "");
}

/** An author's history from the tally (an edit is judged without the comment being edited vouching for itself). */
export async function historyOf(q: Db, author: AuthorRef, exceptId?: number): Promise<AuthorHistory> {
  const key = authorKeyOf("userId" in author ? { author_user_id: author.userId, network_hash: null } : { author_user_id: null, network_hash: author.networkHash });
  const r = await q.selectFrom("author_stats").selectAll().where("author_key", "=", key).executeTakeFirst();
  let h: AuthorHistory = r
    ? { total: Number(r.total), approved: Number(r.published), rejected: Number(r.rejected), firstSeenAt: Number(r.first_seen) }
    : { total: 0, approved: 0, rejected: 0, firstSeenAt: null };
  if (exceptId !== undefined && r) {
    // An edit is judged without the comment being edited vouching for itself.
    const own = await q.selectFrom("comments").select("status").where("id", "=", exceptId).executeTakeFirst();
    const [p, x] = contribution(own?.status);
    if (own) h = { ...h, total: h.total - 1, approved: h.approved - p, rejected: h.rejected - x };
  }
  return h;
}

/** The audit entry, in the caller's transaction. */
export async function writeLog(trx: Db, e: { actorId: number | null; action: ModerationAction; commentId: number | null; detail: string; reason: string; at: number; siteId?: number | null }) {
  // An entry about a comment belongs to the comment's site, read in the same statement.
  const site =
    e.siteId !== undefined || e.commentId === null
      ? (e.siteId ?? null)
      : sql<number | null>`(select t.site_id from comments c join threads t on t.id = c.thread_id where c.id = ${e.commentId})`;
  await trx
    .insertInto("moderation_log")
    .values({ actor_id: e.actorId, action: e.action, comment_id: e.commentId, detail: e.detail, reason: e.reason, created_at: e.at, site_id: site })
    .execute();
}
