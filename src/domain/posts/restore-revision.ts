import { DomainError } from "../shared/errors.js";
import type { PostFields } from "./post-fields.js";
import type { PostStore } from "./ports.js";
import type { Post } from "./post.js";
import { currentPublishing, savePost, type SavePostDeps } from "./save-post.js";

/** Brings back the fields of an earlier revision (as a new revision), leaving publication as it is. */
export async function restoreRevision(
  deps: SavePostDeps & { posts: Pick<PostStore, "listRevisions"> },
  input: { postId: number; revisionId: number; editorId: number },
): Promise<Post> {
  const post = await deps.posts.findPostById(input.postId);
  if (!post) throw new DomainError("not_found", "There is no such post.", "postId");
  const revision = (await deps.posts.listRevisions(post.id)).find((r) => r.id === input.revisionId);
  if (!revision) throw new DomainError("not_found", "There is no such revision of this post.", "revisionId");
  const fields = JSON.parse(revision.snapshot) as PostFields;
  return savePost(deps, { postId: post.id, fields, publishing: currentPublishing(post, deps.clock.now()), editorId: input.editorId });
}
