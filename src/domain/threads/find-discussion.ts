import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Site, SiteStore } from "../sites/site.js";
import { discussionAccess, type DiscussionAccess, type PostPublication } from "./access.js";
import type { ThreadStore } from "./ports.js";
import type { Thread } from "./thread.js";

/** A thread as readers meet it: its mode is the one in force, and what they may do is decided. */
export interface Discussion {
  /** The stored thread with `mode` replaced by the mode in force. */
  readonly thread: Thread;
  /** The thread's own mode, before the site's ceiling and auto-close. */
  readonly ownMode: Thread["mode"];
  readonly post: PostPublication | null;
  readonly site: Site;
  readonly access: DiscussionAccess;
}

export type FindDiscussionDeps = { threads: Pick<ThreadStore, "findThreadWithPost">; sites: Pick<SiteStore, "getSite">; clock: Clock };

/** Loads a thread, its post and its site, and applies the access rule; undefined when there is no such thread. */
export async function findDiscussion(deps: FindDiscussionDeps, threadId: number): Promise<Discussion | undefined> {
  const found = await deps.threads.findThreadWithPost(threadId);
  if (!found) return undefined;
  const site = await deps.sites.getSite(found.thread.siteId);
  const access = discussionAccess({ thread: found.thread, post: found.post, site, now: deps.clock.now() });
  return { thread: { ...found.thread, mode: access.mode }, ownMode: found.thread.mode, post: found.post, site, access };
}

const NO_SUCH = "This discussion does not exist.";

/** A discussion readers may see; anything else is "not found" (a draft's thread is not there at all). */
export async function getVisibleDiscussion(deps: FindDiscussionDeps, threadId: number, field = "threadId"): Promise<Discussion> {
  const d = await findDiscussion(deps, threadId);
  if (!d || !d.access.visible) throw new DomainError("not_found", NO_SUCH, field).as("discussionMissing");
  return d;
}

/** A discussion readers may write to: not found unless visible, closed unless it takes comments. */
export async function getWritableDiscussion(deps: FindDiscussionDeps, threadId: number, field = "threadId"): Promise<Discussion> {
  const d = await getVisibleDiscussion(deps, threadId, field);
  if (!d.access.writable) throw new DomainError("thread_closed", "This discussion is closed to new comments.").as("threadClosed");
  return d;
}

/** A page whose views count: its post is public (a hidden discussion's page still counts readers). */
export async function getCountableDiscussion(deps: FindDiscussionDeps, threadId: number): Promise<Discussion> {
  const d = await findDiscussion(deps, threadId);
  if (!d || !d.access.pagePublic) throw new DomainError("not_found", NO_SUCH, "id").as("discussionMissing");
  return d;
}
