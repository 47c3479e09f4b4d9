import type { ArchiveEntry } from "./archive.js";
import type { Post, PostStatus, PostSummary } from "./post.js";
import type { ThreadMode } from "../threads/thread.js";

/** What the editors' list can be narrowed to. */
export interface PostFilter {
  readonly status?: PostStatus | undefined;
  readonly label?: string | undefined;
  readonly authorId?: number | undefined;
}

/** A post to create; storage creates its thread in the same transaction. */
export interface NewPost extends Omit<Post, "id" | "threadId"> {
  readonly threadMode: ThreadMode;
  /** Imported: where it came from, recorded with the post (one transaction), so a re-run recognises it. */
  readonly importedAs?: { readonly source: string; readonly originalId: string; readonly at: number } | undefined;
  /** Imported: the addresses it had there, which redirect to it. */
  readonly oldPaths?: readonly string[] | undefined;
}

/** A saved version of a post's editable fields. */
export interface PostRevision {
  readonly id: number;
  readonly postId: number;
  readonly authorId: number | null;
  readonly createdAt: number;
  /** The editor's fields as saved, JSON-encoded PostFields. */
  readonly snapshot: string;
}

export type NewRevision = Omit<PostRevision, "id" | "postId">;

export interface PostStore {
  findPostBySlug(slug: string): Promise<Post | undefined>;
  findPostById(id: number): Promise<Post | undefined>;
  findPostByThreadId(threadId: number): Promise<Post | undefined>;
  /** Public posts with publishedAt < before (optionally with a label), newest first. */
  /**
   * Public posts, newest first, published before `before` — or, with `beforeId`, at `before` with a
   * smaller id too: a page ending among posts of one time must not skip the rest of them.
   */
  listPublishedPosts(input: { before: number; beforeId?: number | undefined; limit: number; label?: string | undefined; since?: number | undefined }): Promise<PostSummary[]>;
  /** Inserts the post, its thread and labels, and its first revision when given, in one transaction. */
  /** Slug, title and time of every public post up to `now` (the archive), at most `limit`. */
  listArchiveEntries(now: number, limit: number): Promise<ArchiveEntry[]>;
  /** Public posts ranked by views since `sinceDay` ("YYYY-MM-DD"; undefined: all time). */
  listPopularPosts(input: { now: number; sinceDay?: string | undefined; limit: number }): Promise<Array<ArchiveEntry & { views: number }>>;
  insertPost(post: NewPost, revision?: NewRevision): Promise<Post>;
  /** Replaces the post's fields and labels and its thread's mode, keeps its old address as an alias, adds the revision. */
  /** With `expectedUpdatedAt`: only if the post is still that version (else the save-post conflict). */
  updatePost(id: number, post: NewPost, revision: NewRevision, expectedUpdatedAt?: number): Promise<Post>;
  /** Posts most recently changed first (the editors' list): every status but the trash, unless the filter asks for it. */
  listAllPosts(limit: number, filter?: PostFilter): Promise<PostSummary[]>;
  /** Every label any post has, alphabetically (the editors' filter). */
  listLabels(): Promise<string[]>;
  /** Moves a post to the trash (at) or out of it (null, back to draft). */
  setTrashed(postId: number, at: number | null): Promise<void>;
  /** Deletes for good the posts trashed before `before`, with their discussions; returns how many. */
  purgeTrashed(before: number): Promise<number>;
  /** Whether another post (not `exceptId`) has this slug. */
  slugExists(slug: string, exceptId?: number): Promise<boolean>;
  /** The post reached by an address it used to have (an old slug). */
  findPostByOldPath(path: string): Promise<Post | undefined>;
  /** Another address (a path on this blog, e.g. where an imported post used to live) that leads to the post. */
  addOldPath(threadId: number, path: string): Promise<void>;
  listRevisions(postId: number): Promise<PostRevision[]>;
}
