import type { CommentStore } from "../comments/ports.js";
import { readingPage } from "../comments/reading-page.js";
import { buildThreadTree, type ThreadNode } from "../comments/thread-tree.js";
import type { Comment } from "../comments/comment.js";
import { discussionAccess, type DiscussionAccess } from "../threads/access.js";
import type { Clock } from "../shared/deps.js";
import type { Site, SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import type { UserStore } from "../users/ports.js";
import type { Thread } from "../threads/thread.js";
import type { PostStore } from "./ports.js";
import { sortThread, type ThreadSort } from "../comments/sort-thread.js";
import type { VoteStore } from "../votes/vote.js";
import { isPostPublic, type Post } from "./post.js";

export interface PostPage {
  readonly post: Post;
  readonly thread: Thread;
  readonly site: Site;
  /** What readers may do with its discussion now. */
  readonly access: DiscussionAccess;
  readonly nodes: readonly ThreadNode[];
  /** The order its top-level comments are in. */
  readonly sort: ThreadSort;
  /** The writer's display name, when the post has one. */
  readonly authorName: string | null;
  /** Which page of a long discussion this is (reading-page.ts); undefined when readers see none. */
  readonly page?: { readonly afterRoot: number | undefined; readonly nextRoot: number | null } | undefined;
}

/** Whose held comments to show as "awaiting moderation": the ones this reader wrote. */
export interface HeldCommentViewer {
  /** Comments whose edit secret the reader holds. */
  readonly ownedIds: ReadonlySet<number>;
  readonly userId?: number | undefined;
}

/** Everything a reader's view of a post needs; undefined when there is no such public post. */
export async function getPostPage(
  deps: {
    posts: Pick<PostStore, "findPostBySlug">;
    threads: Pick<ThreadStore, "findThread">;
    sites: Pick<SiteStore, "getSite">;
    comments: Pick<CommentStore, "listReadingPage">;
    users: Pick<UserStore, "findUserById">;
    votes: Pick<VoteStore, "scoresOf">;
    clock: Clock;
  },
  input: { slug: string; viewer?: HeldCommentViewer | undefined; sort?: ThreadSort | undefined; afterRoot?: number | undefined },
): Promise<PostPage | undefined> {
  const now = deps.clock.now();
  const post = await deps.posts.findPostBySlug(input.slug);
  if (!post || !isPostPublic(post, now)) return undefined;
  const stored = await deps.threads.findThread(post.threadId);
  if (!stored) return undefined;
  const site = await deps.sites.getSite(post.siteId);
  // Readers see the mode in force: the site's ceiling and auto-close applied.
  const access = discussionAccess({ thread: stored, post, site, now });
  const thread = { ...stored, mode: access.mode };
  const viewer = input.viewer;
  const showPending = viewer ? (c: Comment) => viewer.ownedIds.has(c.id) || (viewer.userId !== undefined && c.authorUserId === viewer.userId) : undefined;
  const sort = input.sort ?? "oldest";
  const page = access.visible ? await readingPage(deps, thread.id, { afterRoot: input.afterRoot, sort }) : undefined;
  const tree = page ? buildThreadTree(page.comments, showPending ? { showPending } : {}) : [];
  const nodes = sortThread(tree, sort, sort === "best" ? await deps.votes.scoresOf(thread.id) : undefined);
  const author = post.authorId === null ? undefined : await deps.users.findUserById(post.authorId);
  return { post, thread, site, access, nodes, sort, authorName: author?.displayName ?? null, page: page && { afterRoot: page.afterRoot, nextRoot: page.nextRoot } };
}
