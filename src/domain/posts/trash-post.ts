import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { PostStore } from "./ports.js";
import { TRASH_DAYS, type Post } from "./post.js";

type Deps = { posts: Pick<PostStore, "findPostById" | "setTrashed" | "purgeTrashed">; clock: Clock; events: Events };

async function found(deps: Deps, postId: number): Promise<Post> {
  const post = await deps.posts.findPostById(postId);
  if (!post) throw new DomainError("not_found", "There is no such post.", "postId");
  return post;
}

/**
 * An editor deletes a post: it leaves the site at once (page, listings, feeds, its discussion
 * everywhere) and waits in the trash for {@link TRASH_DAYS} days, restorable, before it is purged
 * with its discussion. Its address stays taken until then.
 */
export async function trashPost(deps: Deps, input: { postId: number }): Promise<Post> {
  const post = await found(deps, input.postId);
  if (post.status === "trashed") return post;
  await deps.posts.setTrashed(post.id, deps.clock.now());
  deps.events.publish({ type: "post.changed", postId: post.id, threadId: post.threadId });
  return found(deps, post.id);
}

/** Out of the trash, as a draft: an editor publishes it again when ready. */
export async function restoreFromTrash(deps: Deps, input: { postId: number }): Promise<Post> {
  const post = await found(deps, input.postId);
  if (post.status !== "trashed") throw new DomainError("conflict", "That post is not in the trash.");
  await deps.posts.setTrashed(post.id, null);
  deps.events.publish({ type: "post.changed", postId: post.id, threadId: post.threadId });
  return found(deps, post.id);
}

/** Purges what has been in the trash longer than {@link TRASH_DAYS} days; run now and then by the server. */
export async function emptyOldTrash(deps: Pick<Deps, "posts" | "clock">): Promise<number> {
  return deps.posts.purgeTrashed(deps.clock.now() - TRASH_DAYS * 24 * 3600 * 1000);
}
