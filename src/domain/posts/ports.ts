import type { Post, PostSummary } from "./post.js";
import type { ThreadMode } from "../threads/thread.js";

/** A post to create; storage creates its thread in the same transaction. */
export interface NewPost extends Omit<Post, "id" | "threadId"> {
  readonly threadMode: ThreadMode;
}

export interface PostStore {
  findPostBySlug(slug: string): Promise<Post | undefined>;
  findPostById(id: number): Promise<Post | undefined>;
  findPostByThreadId(threadId: number): Promise<Post | undefined>;
  /** Published posts with publishedAt < before, newest first. */
  listPublishedPosts(input: { before: number; limit: number }): Promise<PostSummary[]>;
  insertPost(post: NewPost): Promise<Post>;
  slugExists(slug: string): Promise<boolean>;
}
