import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { ThreadStore } from "../threads/ports.js";
import type { PostStore } from "./ports.js";

/**
 * An admin sets a post's view total — for a post brought from elsewhere, whose readers were counted
 * there ("Total Views: 61"). Readers counted from now on add to it.
 */
export async function setViewTotal(deps: { posts: Pick<PostStore, "findPostBySlug">; threads: Pick<ThreadStore, "setViewCount">; events: Events }, input: { slug: string; total: number }) {
  if (!Number.isSafeInteger(input.total) || input.total < 0) throw new DomainError("invalid_input", "A view total is a whole number, 0 or more.", "total");
  const post = await deps.posts.findPostBySlug(input.slug);
  if (!post) throw new DomainError("not_found", `No post has the address /posts/${input.slug}.`, "slug");
  await deps.threads.setViewCount(post.threadId, input.total);
  deps.events.publish({ type: "post.changed", postId: post.id, threadId: post.threadId });
  return post;
}
