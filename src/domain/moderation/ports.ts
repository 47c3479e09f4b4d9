import type { Comment, CommentStatus } from "../comments/comment.js";
import type { AuthorRef } from "./author.js";
import type { Ban, BanKind } from "./ban.js";
import type { ReportReason } from "./report.js";
import type { AuthorHistory } from "./screening.js";
import type { ModelTotals, TokenCounts } from "./spam-model.js";

/** A moderator's decision as stored: one conditional status change plus everything that goes with it. */
export interface Decision {
  readonly commentId: number;
  /** The change happens only from one of these statuses (checked in the UPDATE itself). */
  readonly from: readonly CommentStatus[];
  readonly to: CommentStatus;
  readonly actorId: number;
  readonly action: ModerationAction;
  readonly reason: string;
  readonly at: number;
  /** Teach the spam model: the comment's tokens and the label it now carries (or none). */
  readonly training?: { readonly tokens: readonly string[]; readonly label: "spam" | "ham" };
}

export type ModerationAction = "approve" | "spam" | "remove" | "restore" | "dismiss_reports" | "auto_hide" | "ban" | "lift_ban" | "settings" | "attach_url" | "merge_threads" | "feature" | "unfeature" | "word_list" | "account";

/** One entry in the audit log. */
export interface LogEntry {
  readonly id: number;
  readonly actorId: number | null;
  readonly actorName: string | null;
  readonly action: ModerationAction;
  readonly commentId: number | null;
  readonly detail: string;
  readonly reason: string;
  readonly createdAt: number;
  /** The site the entry concerns; null for the whole installation (accounts, bans). */
  readonly siteId: number | null;
}

export type QueueTab = "pending" | "reported" | "spam" | "removed" | "all";

/** A comment as a moderator sees it in the queue. */
export interface QueueItem {
  readonly comment: Comment;
  readonly post: { readonly slug: string; readonly title: string } | null;
  /** For a comment on an embedding site's page: that page. */
  readonly page: { readonly url: string; readonly title: string } | null;
  /** The comment it answers, for context. */
  readonly parent: Comment | null;
  readonly author: AuthorRef;
  readonly history: AuthorHistory;
  readonly screening: readonly string[];
  readonly spamScore: number | null;
  /** Open reports by reason (never who made them). */
  readonly reports: Readonly<Partial<Record<ReportReason, number>>>;
}

/** Who is writing, and where: bans of every site and of `siteId` count. */
export type BanTargets = { siteId: number; userId?: number | undefined; networkHash?: string | undefined; emailDomain?: string | null | undefined };
export type SpamModelCounts = { counts: Map<string, TokenCounts>; totals: ModelTotals };

/** What screening asks about a comment before judging it. */
export interface FactsQuery {
  readonly author: AuthorRef;
  /** When screening an edit: the comment itself, which must not vouch for itself. */
  readonly exceptId?: number | undefined;
  readonly banTargets: BanTargets;
  readonly now: number;
  /** Count the author's comments with this fingerprint since then (omit to skip). */
  readonly copies?: { readonly fingerprint: string; readonly since: number } | undefined;
  /** The spam model's counts for these tokens (omit to skip). */
  readonly tokens?: readonly string[] | undefined;
}

/** The answers, all read together. */
export interface ScreeningFacts {
  readonly history: AuthorHistory;
  readonly bans: Ban[];
  readonly copies: number;
  readonly model: SpamModelCounts | undefined;
}

export interface ModerationStore {
  /** Everything screening reads, in one go (one statement on PostgreSQL, where each round trip costs). */
  screeningFacts(q: FactsQuery): Promise<ScreeningFacts>;
  authorOf(commentId: number): Promise<AuthorRef | undefined>;
  /** The author's record, leaving out one comment if asked (the one being edited). */
  authorHistory(author: AuthorRef, exceptId?: number | undefined): Promise<AuthorHistory>;
  spamModel(tokens: readonly string[]): Promise<SpamModelCounts>;
  /** Applies the decision and writes the audit entry in one transaction; undefined when the status no longer allows it. */
  decide(d: Decision): Promise<Comment | undefined>;
  /**
   * Features a published comment (or stops featuring one), with the audit entry, in one transaction;
   * undefined when it is not (or no longer) published.
   */
  setFeatured(commentId: number, featured: boolean, entry: { actorId: number; reason: string; at: number }): Promise<Comment | undefined>;
  /** Marks open reports on a comment resolved, with an audit entry. Returns how many. */
  resolveReports(commentId: number, entry: { actorId: number; reason: string; at: number }): Promise<number>;
  countOpenReports(commentId: number): Promise<number>;
  /** Adds a report unless this reader already reported the comment; returns the open reports from distinct readers. */
  addReport(r: { commentId: number; reporterKey: string; reason: ReportReason; at: number }): Promise<{ added: boolean; openReports: number }>;
  /** Hides a published comment pending review (status pending), conditionally. */
  holdForReview(commentId: number, reason: string, at: number): Promise<Comment | undefined>;
  /** The queue across every site, or one site's (`siteId`). */
  listQueue(tab: QueueTab, input: { beforeId?: number | undefined; limit: number; siteId?: number | undefined }): Promise<QueueItem[]>;
  queueCounts(siteId?: number): Promise<Record<QueueTab, number>>;
  /** Bans in force; with `siteId`, those that hold on that site (its own and every site's). */
  listBans(now: number, siteId?: number): Promise<Ban[]>;
  insertBan(b: { kind: BanKind; value: string; reason: string; createdBy: number; createdAt: number; expiresAt: number | null; siteId: number | null }): Promise<Ban>;
  liftBan(id: number, by: number, at: number): Promise<Ban | undefined>;
  /** An entry; one about a comment is filed under the comment's site unless `siteId` says otherwise. */
  log(entry: { actorId: number | null; action: ModerationAction; commentId: number | null; detail: string; reason: string; at: number; siteId?: number | null }): Promise<void>;
  /** Newest first; with `siteId`, that site's entries only. */
  listLog(input: { beforeId?: number | undefined; limit: number; siteId?: number | undefined }): Promise<LogEntry[]>;
}
