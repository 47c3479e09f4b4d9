import { DomainError } from "../shared/errors.js";
import type { PostFields } from "./post-fields.js";
import type { ThreadStore } from "../threads/ports.js";
import type { ThreadMode } from "../threads/thread.js";
import type { Post } from "./post.js";
import { savePost, type SavePostDeps } from "./save-post.js";

/** Takes a post off the site (back to draft); its address, thread and comments are kept. */
export async function unpublishPost(deps: SavePostDeps & { threads: Pick<ThreadStore, "findThread"> }, input: { postId: number; editorId: number }): Promise<Post> {
  const post = await deps.posts.findPostById(input.postId);
  const thread = post && (await deps.threads.findThread(post.threadId));
  if (!post || !thread) throw new DomainError("not_found", "There is no such post.", "postId");
  return savePost(deps, { postId: post.id, fields: fieldsOf(post, thread.mode), publishing: { kind: "draft" }, editorId: input.editorId });
}

/** A post's editable fields as they are now. */
export function fieldsOf(post: Post, commentMode: ThreadMode): PostFields {
  return {
    title: post.title,
    slug: post.slug,
    standfirst: post.standfirst,
    body: post.bodySource,
    dateline: post.dateline,
    labels: post.labels,
    sourceOutlet: post.source?.outlet ?? null,
    sourceUrl: post.source?.url ?? null,
    sourcePublishedAt: post.source?.publishedAt ?? null,
    canonicalToSource: post.canonicalToSource,
    leadImageUrl: post.leadImage?.url ?? null,
    leadImageCaption: post.leadImage?.caption ?? null,
    leadImageCredit: post.leadImage?.credit ?? null,
    commentMode,
  };
}
