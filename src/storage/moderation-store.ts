import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import type { AuthorRef } from "../domain/moderation/author.js";
import type { Ban, BanKind } from "../domain/moderation/ban.js";
import type { BanTargets, FactsQuery, LogEntry, ModerationAction, ModerationStore, QueueItem, QueueTab, ScreeningFacts, SpamModelCounts } from "../domain/moderation/ports.js";
import type { ReportReason } from "../domain/moderation/report.js";
import type { AuthorHistory } from "../domain/moderation/screening.js";
import type { TokenCounts } from "../domain/moderation/spam-model.js";
import { bumpVersion, COMMENT_COLUMNS, toComment } from "./comment-store.js";
import { authorKeyOf, contribution, countStatusChange } from "./author-stats.js";
import { queueNotifications } from "./reply-notifications.js";
import { withTransaction, type Store } from "./db.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database>;

/** The spam model's document counts live under this reserved token. */
const DOCS = "";

type BanRow = { id: number; kind: string; value: string; reason: string; created_by: number | null; created_at: number; expires_at: number | null; lifted_at: number | null };

function toBan(r: { id: number; kind: string; value: string; reason: string; created_by: number | null; created_at: number; expires_at: number | null; lifted_at: number | null }): Ban {
  return {
    id: Number(r.id),
    kind: r.kind as BanKind,
    value: r.value,
    reason: r.reason,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: Number(r.created_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    liftedAt: r.lifted_at === null ? null : Number(r.lifted_at),
  };
}

function parseReasons(text: string | null): string[] {
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

/** Matches the author's comments: by account, or for guests by network among comments without an account. */
/** Bans in force at `now` on any of the targets (a user, a network, an e-mail domain or its parents). */
function activeBansFor(targets: BanTargets, now: number) {
  return (eb: ExpressionBuilder<Database, "bans">) => {
    const any = [];
    if (targets.userId !== undefined) any.push(eb.and([eb("kind", "=", "user"), eb("value", "=", String(targets.userId))]));
    if (targets.networkHash) any.push(eb.and([eb("kind", "=", "network"), eb("value", "=", targets.networkHash)]));
    if (targets.emailDomain) any.push(eb.and([eb("kind", "=", "email_domain"), eb("value", "in", domainAndParents(targets.emailDomain))]));
    return eb.and([banInForce("bans", now), any.length > 0 ? eb.or(any) : eb.val(false)]);
  };
}

function byAuthor(author: AuthorRef) {
  return (eb: ExpressionBuilder<Database, "comments">) =>
    "userId" in author
      ? eb("author_user_id", "=", author.userId)
      : eb.and([eb("author_user_id", "is", null), eb("network_hash", "=", author.networkHash)]);
}

/** Every parent domain a ban might name: "a.b.example.com" → itself, "b.example.com", "example.com", "com". */
function domainAndParents(domain: string): string[] {
  const parts = domain.split(".");
  return parts.map((_, i) => parts.slice(i).join(".")).filter((d) => d !== "");
}

/** Moderation on SQLite or PostgreSQL: every decision, its audit entry and its training in one transaction. */
export function makeModerationStore(store: Store): ModerationStore {
  const { db } = store;

  async function historyOf(q: Db, author: AuthorRef, exceptId?: number): Promise<AuthorHistory> {
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

  async function writeLog(trx: Db, e: { actorId: number | null; action: ModerationAction; commentId: number | null; detail: string; reason: string; at: number }) {
    await trx
      .insertInto("moderation_log")
      .values({ actor_id: e.actorId, action: e.action, comment_id: e.commentId, detail: e.detail, reason: e.reason, created_at: e.at })
      .execute();
  }

  async function resolveOpen(trx: Db, commentId: number, at: number): Promise<number> {
    const r = await trx.updateTable("comment_reports").set({ resolved_at: at }).where("comment_id", "=", commentId).where("resolved_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  function queueFilter(tab: QueueTab, siteId?: number) {
    let q = db.selectFrom("comments");
    if (siteId !== undefined) q = q.where("thread_id", "in", (eb) => eb.selectFrom("threads").select("id").where("site_id", "=", siteId));
    if (tab === "pending") q = q.where("status", "=", "pending");
    else if (tab === "spam") q = q.where("status", "=", "spam");
    else if (tab === "removed") q = q.where("status", "in", ["removed_by_moderator", "removed_by_author"]);
    else if (tab === "reported") {
      q = q
        .where("status", "in", ["published", "pending"])
        .where("id", "in", (eb) => eb.selectFrom("comment_reports").select("comment_id").where("resolved_at", "is", null));
    }
    return q;
  }

  /**
   * PostgreSQL: the author's tally, bans in force, recent copies and the model's token counts as
   * four subqueries of one statement, with the `sql` tag (it runs for every comment; the builder's
   * version cost more CPU than the query). Absent targets are nulls and lists are array parameters,
   * so the text — and its prepared plan — is the same for every comment.
   */
  async function factsInOneStatement(f: FactsQuery): Promise<ScreeningFacts> {
    const userId = "userId" in f.author ? f.author.userId : null;
    const networkHash = "userId" in f.author ? null : f.author.networkHash;
    const key = authorKeyOf({ author_user_id: userId, network_hash: networkHash });
    const t = f.banTargets;
    const domains = t.emailDomain ? domainAndParents(t.emailDomain) : [];
    const { rows } = await sql<{ history: [number, number, number, number] | null; bans: BanRow[]; copies: number; tokens: Array<[string, number, number]> }>`
      select
        (select json_build_array(total, published, rejected, first_seen) from author_stats where author_key = ${key}) as history,
        (select coalesce(json_agg(b), '[]'::json) from bans b
          where ${banInForce("b", f.now)}
            and ((b.kind = 'user' and b.value = ${t.userId === undefined ? null : String(t.userId)}::text)
              or (b.kind = 'network' and b.value = ${t.networkHash || null}::text)
              or (b.kind = 'email_domain' and b.value = any(${domains}::text[])))) as bans,
        (select count(*) from comments
          where fingerprint = ${f.copies?.fingerprint ?? null}::text and created_at >= ${f.copies?.since ?? 0}
            and (author_user_id = ${userId}::integer or (${userId}::integer is null and author_user_id is null and network_hash = ${networkHash}::text))) as copies,
        (select coalesce(json_agg(json_build_array(token, spam, ham)), '[]'::json) from spam_tokens where token = any(${f.tokens ? [DOCS, ...f.tokens] : []}::text[])) as tokens`.execute(db);
    const row = rows[0] as (typeof rows)[number];
    const h = row.history;
    const counts = new Map<string, TokenCounts>();
    for (const [token, spam, ham] of row.tokens) counts.set(token, { spam: Number(spam), ham: Number(ham) });
    const docs = counts.get(DOCS);
    counts.delete(DOCS);
    return {
      history: h ? { total: Number(h[0]), approved: Number(h[1]), rejected: Number(h[2]), firstSeenAt: Number(h[3]) } : { total: 0, approved: 0, rejected: 0, firstSeenAt: null },
      bans: row.bans.map(toBan),
      copies: Number(row.copies),
      model: f.tokens ? { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } } : undefined,
    };
  }

  /**
   * SQLite: the same four facts as one statement with the `sql` tag (JSON for the rows), one
   * statement text for every comment and so one prepared statement, instead of four built queries.
   */
  async function factsInOneSqliteStatement(f: FactsQuery): Promise<ScreeningFacts> {
    const userId = "userId" in f.author ? f.author.userId : null;
    const networkHash = "userId" in f.author ? null : f.author.networkHash;
    const key = authorKeyOf({ author_user_id: userId, network_hash: networkHash });
    const t = f.banTargets;
    const domains = JSON.stringify(t.emailDomain ? domainAndParents(t.emailDomain) : []);
    const { rows } = await sql<{ history: string | null; bans: string; copies: number; tokens: string }>`
      select
        (select json_array(total, published, rejected, first_seen) from author_stats where author_key = ${key}) as history,
        (select json_group_array(json_object('id', id, 'kind', kind, 'value', value, 'reason', reason, 'created_by', created_by,
            'created_at', created_at, 'expires_at', expires_at, 'lifted_at', lifted_at)) from bans
          where ${banInForce("bans", f.now)}
            and ((kind = 'user' and value = ${t.userId === undefined ? null : String(t.userId)})
              or (kind = 'network' and value = ${t.networkHash || null})
              or (kind = 'email_domain' and value in (select value from json_each(${domains}))))) as bans,
        (select count(*) from comments
          where fingerprint = ${f.copies?.fingerprint ?? null} and created_at >= ${f.copies?.since ?? 0}
            and (author_user_id = ${userId} or (${userId} is null and author_user_id is null and network_hash = ${networkHash}))) as copies,
        (select json_group_array(json_array(token, spam, ham)) from spam_tokens where token in (select value from json_each(${JSON.stringify(f.tokens ? [DOCS, ...f.tokens] : [])}))) as tokens`.execute(db);
    const row = rows[0] as (typeof rows)[number];
    const h = row.history ? (JSON.parse(row.history) as [number, number, number, number]) : null;
    const counts = new Map<string, TokenCounts>();
    for (const [token, spam, ham] of JSON.parse(row.tokens) as Array<[string, number, number]>) counts.set(token, { spam: Number(spam), ham: Number(ham) });
    const docs = counts.get(DOCS);
    counts.delete(DOCS);
    return {
      history: h ? { total: Number(h[0]), approved: Number(h[1]), rejected: Number(h[2]), firstSeenAt: Number(h[3]) } : { total: 0, approved: 0, rejected: 0, firstSeenAt: null },
      bans: (JSON.parse(row.bans) as BanRow[]).map(toBan),
      copies: Number(row.copies),
      model: f.tokens ? { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } } : undefined,
    };
  }

  async function countCopies(author: AuthorRef, fingerprint: string, since: number, exceptId?: number): Promise<number> {
    let q = db
      .selectFrom("comments")
      .select(sql<number>`count(*)`.as("n"))
      .where("fingerprint", "=", fingerprint)
      .where("created_at", ">=", since)
      .where(byAuthor(author));
    if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async function spamModel(tokens: readonly string[]): Promise<SpamModelCounts> {
    const counts = new Map<string, TokenCounts>();
    const all = [DOCS, ...tokens];
    // The list as one parameter (an array, or JSON on SQLite): one statement text whatever the
    // comment's length, prepared once, instead of an IN list of a new length for every comment.
    const list = store.dialect === "postgres" ? sql`any(${all}::text[])` : sql`in (select value from json_each(${JSON.stringify(all)}))`;
    const { rows } = await sql<{ token: string; spam: number; ham: number }>`select token, spam, ham from spam_tokens where token ${store.dialect === "postgres" ? sql`=` : sql``} ${list}`.execute(db);
    for (const r of rows) counts.set(r.token, { spam: Number(r.spam), ham: Number(r.ham) });
    const docs = counts.get(DOCS);
    counts.delete(DOCS);
    return { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } };
  }

  async function activeBans(targets: BanTargets, now: number): Promise<Ban[]> {
    const rows = await db.selectFrom("bans").selectAll().where(activeBansFor(targets, now)).execute();
    return rows.map(toBan);
  }

  return {
    screeningFacts(f) {
      // Edits (rare) take the plain path: the edited comment is subtracted from the author's tally.
      if (f.exceptId === undefined) return store.dialect === "postgres" ? factsInOneStatement(f) : factsInOneSqliteStatement(f);
      return Promise.all([
        historyOf(db, f.author, f.exceptId),
        activeBans(f.banTargets, f.now),
        f.copies ? countCopies(f.author, f.copies.fingerprint, f.copies.since, f.exceptId) : Promise.resolve(0),
        f.tokens ? spamModel(f.tokens) : Promise.resolve(undefined),
      ]).then(([history, bans, copies, model]) => ({ history, bans, copies, model }));
    },

    async authorOf(commentId) {
      const r = await db.selectFrom("comments").select(["author_user_id", "network_hash"]).where("id", "=", commentId).executeTakeFirst();
      if (!r) return undefined;
      if (r.author_user_id !== null) return { userId: Number(r.author_user_id) };
      return { networkHash: r.network_hash ?? "" };
    },

    authorHistory: (author, exceptId) => historyOf(db, author, exceptId),

    spamModel,

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
        await countStatusChange(trx, authorKeyOf(before), before.status, d.to);
        if (d.training && before.trained_as !== d.training.label) {
          const { tokens, label } = d.training;
          // A changed mind moves the comment from one class to the other; a first decision adds it.
          if (before.trained_as === "spam" || before.trained_as === "ham") {
            await train(trx, tokens, before.trained_as === "spam" ? -1 : 0, before.trained_as === "ham" ? -1 : 0);
          }
          await train(trx, tokens, label === "spam" ? 1 : 0, label === "ham" ? 1 : 0);
          await trx.updateTable("comments").set({ trained_as: label }).where("id", "=", d.commentId).execute();
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

    async listQueue(tab, { beforeId, limit, siteId }): Promise<QueueItem[]> {
      let q = queueFilter(tab, siteId).select([...COMMENT_COLUMNS, "network_hash", "screening", "spam_score"]);
      if (beforeId !== undefined) q = q.where("id", "<", beforeId);
      const rows = await q.orderBy("id", "desc").limit(limit).execute();
      if (rows.length === 0) return [];
      const comments = rows.map((r) => toComment(r));
      const threadIds = [...new Set(comments.map((c) => c.threadId))];
      const parentIds = [...new Set(comments.flatMap((c) => [c.replyingToId ?? c.parentId]).filter((x): x is number => x !== null))];
      const [posts, pages, parents, reports] = await Promise.all([
        db.selectFrom("posts").select(["thread_id", "slug", "title"]).where("thread_id", "in", threadIds).execute(),
        db.selectFrom("threads").select(["id", "page_url", "page_title"]).where("id", "in", threadIds).where("page_url", "is not", null).execute(),
        parentIds.length > 0 ? db.selectFrom("comments").select(COMMENT_COLUMNS).where("id", "in", parentIds).execute() : Promise.resolve([]),
        db
          .selectFrom("comment_reports")
          .select(["comment_id", "reason", sql<number>`count(*)`.as("n")])
          .where("comment_id", "in", comments.map((c) => c.id))
          .where("resolved_at", "is", null)
          .groupBy(["comment_id", "reason"])
          .execute(),
      ]);
      const postOf = new Map(posts.map((p) => [Number(p.thread_id), { slug: p.slug, title: p.title }]));
      const pageOf = new Map(pages.map((p) => [Number(p.id), { url: p.page_url ?? "", title: p.page_title ?? "" }]));
      const parentOf = new Map(parents.map((p) => [Number(p.id), toComment(p)]));
      const histories = new Map<string, AuthorHistory>();
      const out: QueueItem[] = [];
      for (const [i, c] of comments.entries()) {
        const r = rows[i]!;
        const author: AuthorRef = c.authorUserId !== null ? { userId: c.authorUserId } : { networkHash: r.network_hash ?? "" };
        const key = JSON.stringify(author);
        if (!histories.has(key)) histories.set(key, await historyOf(db, author));
        const counts: Partial<Record<ReportReason, number>> = {};
        for (const rep of reports) if (Number(rep.comment_id) === c.id) counts[rep.reason as ReportReason] = Number(rep.n);
        const parentId = c.replyingToId ?? c.parentId;
        out.push({
          comment: c,
          post: postOf.get(c.threadId) ?? null,
          page: pageOf.get(c.threadId) ?? null,
          parent: parentId === null ? null : (parentOf.get(parentId) ?? null),
          author,
          history: histories.get(key)!,
          screening: parseReasons(r.screening),
          spamScore: r.spam_score === null ? null : Number(r.spam_score),
          reports: counts,
        });
      }
      return out;
    },

    async queueCounts(siteId) {
      const tabs: QueueTab[] = ["pending", "reported", "spam", "removed", "all"];
      const counts = await Promise.all(
        tabs.map((t) => queueFilter(t, siteId).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow().then((r) => Number(r.n))),
      );
      return Object.fromEntries(tabs.map((t, i) => [t, counts[i] ?? 0])) as Record<QueueTab, number>;
    },

    async listBans(now) {
      const rows = await db
        .selectFrom("bans")
        .selectAll()
        .where(banInForce("bans", now))
        .orderBy("id", "desc")
        .execute();
      return rows.map(toBan);
    },

    async insertBan(b) {
      return withTransaction(store, async (trx) => {
        const row = await trx
          .insertInto("bans")
          .values({ kind: b.kind, value: b.value, reason: b.reason, created_by: b.createdBy, created_at: b.createdAt, expires_at: b.expiresAt, lifted_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        const until = b.expiresAt === null ? "permanent" : `until ${new Date(b.expiresAt).toISOString()}`;
        await writeLog(trx, { actorId: b.createdBy, action: "ban", commentId: null, detail: `ban #${row.id}: ${b.kind.replace("_", " ")} ${b.kind === "network" ? b.value.slice(0, 8) + "…" : b.value}, ${until}`, reason: b.reason, at: b.createdAt });
        return toBan(row);
      });
    },

    async liftBan(id, by, at) {
      return withTransaction(store, async (trx) => {
        const row = await trx.updateTable("bans").set({ lifted_at: at }).where("id", "=", id).where("lifted_at", "is", null).returningAll().executeTakeFirst();
        if (!row) return undefined;
        await writeLog(trx, { actorId: by, action: "lift_ban", commentId: null, detail: `ban #${id} lifted`, reason: "", at });
        return toBan(row);
      });
    },

    log: (e) => writeLog(db, e),

    async listLog({ beforeId, limit }): Promise<LogEntry[]> {
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
        ]);
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
      }));
    },
  };
}

