/** A post of the site's own blog. Every post owns one thread. */
import type { ThreadMode } from "../threads/thread.js";
import { cutTo } from "../shared/text.js";

/** "trashed": deleted by an editor, restorable for TRASH_DAYS, then purged. Never public. */
export type PostStatus = "draft" | "scheduled" | "published" | "trashed";

export const TRASH_DAYS = 30;

export interface LeadImage {
  readonly url: string;
  readonly caption: string | null;
  readonly credit: string | null;
}

/** Where a republished report first appeared. */
export interface PostSource {
  readonly outlet: string;
  readonly url: string;
  readonly publishedAt: number | null;
}

export interface Post {
  readonly id: number;
  readonly siteId: number;
  readonly threadId: number;
  readonly slug: string;
  readonly title: string;
  /** The one-sentence summary under the title. */
  readonly standfirst: string | null;
  readonly bodySource: string;
  readonly bodyHtml: string;
  /** Place the report was filed from, e.g. "PORT ELLIS". */
  readonly dateline: string | null;
  readonly leadImage: LeadImage | null;
  readonly source: PostSource | null;
  /** Point rel=canonical at the source instead of at ourselves. */
  readonly canonicalToSource: boolean;
  readonly status: PostStatus;
  /** When it went (or goes) out; a scheduled post becomes public by itself when this passes. */
  readonly publishedAt: number | null;
  /** Lower-case topic labels, e.g. "floods". */
  readonly labels: readonly string[];
  readonly authorId: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A post with the counters of its thread, as lists show it. */
export interface PostSummary {
  readonly post: Post;
  readonly viewCount: number;
  readonly commentCount: number;
  /** Its thread's own mode (the site's ceiling is applied by whoever shows the count). */
  readonly threadMode: ThreadMode;
}

/** Statuses whose posts are public once their time has come. */
export const LIVE_STATUSES: readonly PostStatus[] = ["published", "scheduled"];

/**
 * Is the post visible to readers at `now`? A scheduled post is, from its time on: no timer has to
 * fire, so it also appears on time after a restart.
 */
export function isPostPublic(p: Pick<Post, "status" | "publishedAt">, now: number): boolean {
  return LIVE_STATUSES.includes(p.status) && p.publishedAt !== null && p.publishedAt <= now;
}

/** A URL-safe slug from a title: lower-case Latin letters, digits and hyphens; other scripts kept. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  // Cut after cleaning: the cut may end on a hyphen, never inside a character.
  const cut = cutTo(slug, 80).replace(/-+$/, "");
  return cut || "post";
}
