import type { CommentStore } from "../comments/ports.js";
import { buildThreadTree, type ThreadNode } from "../comments/thread-tree.js";
import type { Clock } from "../shared/deps.js";
import type { Site, SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import type { UserStore } from "../users/ports.js";
import { isDiscussionVisible, type Thread } from "../threads/thread.js";
import type { PostStore } from "./ports.js";
import { isPostPublic, type Post } from "./post.js";

export interface PostPage {
  readonly post: Post;
  readonly thread: Thread;
  readonly site: Site;
  readonly nodes: ThreadNode[];
  /** The writer's display name, when the post has one. */
  readonly authorName: string | null;
}

/** Everything a reader's view of a post needs; undefined when there is no such public post. */
export async function getPostPage(
  deps: {
    posts: Pick<PostStore, "findPostBySlug">;
    threads: Pick<ThreadStore, "findThread">;
    sites: Pick<SiteStore, "getSite">;
    comments: Pick<CommentStore, "listThreadComments">;
    users: Pick<UserStore, "findUserById">;
    clock: Clock;
  },
  input: { slug: string },
): Promise<PostPage | undefined> {
  const post = await deps.posts.findPostBySlug(input.slug);
  if (!post || !isPostPublic(post, deps.clock.now())) return undefined;
  const thread = await deps.threads.findThread(post.threadId);
  if (!thread) return undefined;
  const site = await deps.sites.getSite(post.siteId);
  const nodes = isDiscussionVisible(thread) ? buildThreadTree(await deps.comments.listThreadComments(thread.id)) : [];
  const author = post.authorId === null ? undefined : await deps.users.findUserById(post.authorId);
  return { post, thread, site, nodes, authorName: author?.displayName ?? null };
}
