import type { Comment, CommentStatus } from "./comment.js";

/** A comment to insert; storage assigns the id and the number. */
export interface NewComment {
  readonly threadId: number;
  readonly parentId: number | null;
  readonly replyingToId: number | null;
  readonly authorName: string | null;
  readonly authorWebsite: string | null;
  readonly authorUserId: number | null;
  readonly bodySource: string;
  readonly bodyHtml: string;
  readonly status: CommentStatus;
  readonly createdAt: number;
  /** SHA-256 of the secret the author holds to edit or remove it. */
  readonly editTokenHash: string;
  /** Hash of the folded text, for finding repeats. */
  readonly fingerprint: string | null;
  /** Keyed hash of the writer's network, for bans, limits and history. */
  readonly networkHash: string | null;
  /** Screening reasons ("phase: reason") and the classifier's probability, shown to moderators. */
  readonly screening: readonly string[];
  readonly spamScore: number | null;
}

/** One page of a thread: whole top-level comments with all their replies. */
export interface ThreadPage {
  readonly comments: Comment[];
  /** Pass back as `afterNumber` for the next page; null when this was the last. */
  readonly nextCursor: number | null;
}

export interface CommentStore {
  findComment(id: number): Promise<Comment | undefined>;
  /** The hash of the author's secret, kept out of the Comment type so it never reaches a presenter. */
  findEditTokenHash(id: number): Promise<string | undefined>;
  listThreadComments(threadId: number): Promise<Comment[]>;
  /**
   * What one page of a discussion shows: whole top-level comments with their replies, in number
   * order (newest first when asked) from after `afterRoot`, at most `max` comments — a page of a
   * thread with tens of thousands of comments must not need them all in memory. A single top-level
   * comment with more replies than `max` is cut. `nextRoot` is where the next page starts (none: the end).
   */
  listReadingPage(threadId: number, page: { max: number; afterRoot?: number | undefined; newestFirst?: boolean | undefined }): Promise<{ comments: Comment[]; nextRoot: number | null }>;
  /** How many comments (any status) each top-level comment holds with its replies, in number order. */
  rootSizes(threadId: number): Promise<Array<[root: number, comments: number]>>;
  /** Whether this reader has held comments (pending or spam) in the thread: by owned ids or by account. */
  hasHeldComments(threadId: number, by: { ids: readonly number[]; userId?: number | undefined }): Promise<boolean>;
  /**
   * The newest published comments of a site, or of one of its threads (for feeds), only from
   * threads readers may see at `now` by their own mode and post (the site's ceiling is the caller's).
   */
  listRecentComments(input: { limit: number; siteId: number; threadId?: number | undefined; now: number }): Promise<Comment[]>;
  listThreadPage(threadId: number, afterNumber: number, limit: number): Promise<ThreadPage>;
  /** Takes the next number under the parent, inserts and bumps thread counters, in one transaction. */
  insertComment(c: NewComment): Promise<Comment>;
  /** Changes the text only while the token matches and the comment was created at or after `createdSince`. */
  updateCommentBody(
    id: number,
    change: {
      editTokenHash: string;
      createdSince: number;
      bodySource: string;
      bodyHtml: string;
      editedAt: number;
      /** Set when screening the new text held or rejected it; absent, the status stays as it is. */
      status?: "pending" | "spam" | undefined;
      screening: readonly string[];
      spamScore: number | null;
      fingerprint: string | null;
    },
  ): Promise<Comment | undefined>;
  /** Marks it removed by its author when the token matches and it is not already removed. */
  removeCommentByAuthor(id: number, change: { editTokenHash: string; removedAt: number }): Promise<Comment | undefined>;
}
