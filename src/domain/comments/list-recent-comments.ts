import type { Clock } from "../shared/deps.js";
import type { SiteStore } from "../sites/site.js";
import { siteShowsDiscussions } from "../threads/access.js";
import { getVisibleDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";
import type { Comment } from "./comment.js";
import type { CommentStore } from "./ports.js";

/**
 * The newest published comments readers may see: of one thread (not found unless it is visible),
 * or of every visible thread of a site (none while the site hides its discussions).
 */
export async function listRecentComments(
  deps: FindDiscussionDeps & { comments: Pick<CommentStore, "listRecentComments">; sites: Pick<SiteStore, "getSite">; clock: Clock },
  input: { siteId: number; threadId?: number | undefined; limit: number },
): Promise<Comment[]> {
  const now = deps.clock.now();
  if (input.threadId !== undefined) {
    const { thread } = await getVisibleDiscussion(deps, input.threadId);
    return deps.comments.listRecentComments({ limit: input.limit, siteId: thread.siteId, threadId: thread.id, now });
  }
  if (!siteShowsDiscussions(await deps.sites.getSite(input.siteId))) return [];
  return deps.comments.listRecentComments({ limit: input.limit, siteId: input.siteId, now });
}
