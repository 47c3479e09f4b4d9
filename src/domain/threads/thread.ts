/** A thread is the discussion of one page: a post of ours, or later a page of an embedding site. */

export type ThreadMode = "open" | "moderated" | "closed" | "hidden";

export interface Thread {
  readonly id: number;
  readonly siteId: number;
  readonly mode: ThreadMode;
  /** Distinct readers counted so far (flushed to storage). */
  readonly viewCount: number;
  /** Published comments currently visible. */
  readonly commentCount: number;
  /** Bumped by every comment write; keys cached renderings of the thread. */
  readonly version: number;
  readonly createdAt: number;
  /** An embedding site's page: the address it was first seen at and its title; null for our posts. */
  readonly page: { readonly url: string; readonly title: string } | null;
}

// Who may see and write a discussion is decided in one place: access.ts.
