import { effectiveMode } from "../moderation/comment-mode.js";
import type { ModerationSettings } from "../moderation/settings.js";
import { isPostPublic, type Post } from "../posts/post.js";
import type { Thread, ThreadMode } from "./thread.js";

/** What a thread's post tells the access rule: is the page public, and since when. */
export type PostPublication = Pick<Post, "id" | "slug" | "title" | "status" | "publishedAt">;

/**
 * What readers may do with one discussion now. The one rule every surface asks (post and reply
 * pages, the JSON API, live events, feeds, search, listings): nothing decides visibility by itself.
 */
export interface DiscussionAccess {
  /** The mode in force: the stricter of the thread's and the site's, closed after auto-close. */
  readonly mode: ThreadMode;
  /** The page the discussion belongs to is public (its post published and due): views count. */
  readonly pagePublic: boolean;
  /** Comments are shown, can be reported, and their authors may remove them. */
  readonly visible: boolean;
  /** New comments and edits are accepted. */
  readonly writable: boolean;
}

/**
 * Modes whose comments readers see. Listings of many threads (feeds, search, counts) apply the
 * rule in SQL: the thread's own mode in VISIBLE_MODES, its post (if any) in LIVE_STATUSES and due,
 * and the site's ceiling checked here with `siteShowsDiscussions` — together exactly
 * `discussionAccess(…).visible`, since auto-close only ever closes, and closed is visible.
 */
export const VISIBLE_MODES: readonly ThreadMode[] = ["open", "moderated", "closed"];

/** Does the site's ceiling let any of its discussions be seen? */
export function siteShowsDiscussions(site: { readonly moderation: Pick<ModerationSettings, "commentMode"> }): boolean {
  return VISIBLE_MODES.includes(site.moderation.commentMode);
}

/**
 * The access rule. A thread whose post is a draft, scheduled for later or unpublished is not
 * there at all for readers; a hidden thread (or site) shows no comments; a closed one shows them
 * but takes none. A thread without a post (an embedding site's page) is as public as its mode.
 */
export function discussionAccess(input: {
  readonly thread: Pick<Thread, "mode" | "createdAt">;
  readonly post: Pick<Post, "status" | "publishedAt"> | null | undefined;
  readonly site: { readonly moderation: Pick<ModerationSettings, "commentMode" | "autoCloseDays"> };
  readonly now: number;
}): DiscussionAccess {
  const { thread, post, site, now } = input;
  const pagePublic = post ? isPostPublic(post, now) : true;
  if (!pagePublic) return { mode: "hidden", pagePublic, visible: false, writable: false };
  const mode = effectiveMode(thread.mode, site.moderation, post?.publishedAt ?? thread.createdAt, now);
  return { mode, pagePublic, visible: VISIBLE_MODES.includes(mode) && siteShowsDiscussions(site), writable: mode === "open" || mode === "moderated" };
}
