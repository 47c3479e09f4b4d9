import type { PostPublication } from "./access.js";
import type { Thread, ThreadMode } from "./thread.js";

export interface PageCounts {
  readonly url: string;
  readonly threadId: number;
  readonly mode: ThreadMode;
  readonly createdAt: number;
  readonly commentCount: number;
  readonly viewCount: number;
}

export interface ThreadStore {
  findThread(id: number): Promise<Thread | undefined>;
  /** The thread with its post's publication facts (null for a thread without a post), in one read. */
  findThreadWithPost(id: number): Promise<{ thread: Thread; post: PostPublication | null } | undefined>;
  /** An embedding site's thread reached by this normalised page address. */
  findPageThread(siteId: number, url: string): Promise<Thread | undefined>;
  /** Makes the thread of a page first seen now, or finds the one another request just made. */
  createPageThread(siteId: number, url: string, title: string, createdAt: number): Promise<Thread>;
  /** Gives a page thread another address; `taken` names the thread that already had it, if any. */
  attachPageUrl(siteId: number, url: string, threadId: number, at: number): Promise<{ taken?: number }>;
  /**
   * Moves every comment and address of `fromId` into `intoId` in one transaction: `intoId`'s numbers
   * stay; `fromId`'s top-level comments are numbered after `intoId`'s last, in posting order.
   */
  mergeThreads(fromId: number, intoId: number): Promise<{ moved: number; renumbered: Array<[from: string, to: string]> }>;
  /** Sets a thread's stored view total (a post brought from elsewhere keeps the readers it had there). */
  setViewCount(threadId: number, total: number): Promise<void>;
  /** Counters for pages of a site, by address (addresses without a thread are absent). */
  pageThreadCounts(siteId: number, urls: readonly string[]): Promise<PageCounts[]>;
}
