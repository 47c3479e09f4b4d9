import { sql } from "kysely";
import type { AuthorRef } from "../../domain/moderation/author.js";
import type { ModerationStore, QueueItem, QueueTab } from "../../domain/moderation/ports.js";
import type { ReportReason } from "../../domain/moderation/report.js";
import type { AuthorHistory } from "../../domain/moderation/screening.js";
import { PUBLIC_COLUMNS as COMMENT_COLUMNS, toComment } from "../comments/rows.js";
import { type Store } from "../db.js";
import { historyOf, parseReasons } from "./shared.js";

/** The moderation queue's read model: its tabs, their items with context and history, and their counts. */
export function makeQueueReadModel(store: Store): Pick<ModerationStore, "listQueue" | "queueCounts"> {
  const { db } = store;

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

  return {
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
  };
}
