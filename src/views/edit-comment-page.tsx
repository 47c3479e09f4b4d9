import { LIMITS } from "../domain/comments/comment-input.js";
import type { PublicComment } from "../http/schemas/comment.js";

/** Without JavaScript, the author edits (within 15 minutes) or removes their comment here. */
export function EditCommentPage(p: {
  /** Where the discussion is read, without the anchor (our post page, or the embedding site's page). */
  discussionUrl: string | undefined;
  comment: PublicComment;
  body: string;
  /** Why it cannot be edited now (removed, or the 15 minutes passed); absent when it can. */
  editRefusal?: string | undefined;
  canRemove: boolean;
  csrfToken: string;
  error?: { field?: string | undefined; message: string } | undefined;
}) {
  const base = `/comments/${p.comment.id}`;
  return (
    <div class="edit-page">
      {p.discussionUrl ? <p><a href={`${p.discussionUrl}#${p.comment.anchor}`}>← Back to the discussion</a></p> : null}
      <h1>Your comment #{p.comment.path}</h1>
      {p.error ? <p class="form-error" role="alert" id="edit-error">{p.error.message}</p> : null}
      {p.editRefusal === undefined ? (
        <form method="post" action={`${base}/edit`} class="comment-form">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <label for="edit-body">Comment</label>
          <textarea id="edit-body" name="body" rows={6} required maxLength={LIMITS.bodyChars}>{p.body}</textarea>
          <button type="submit">Save changes</button>
        </form>
      ) : (
        <p class="hint">{p.editRefusal}{p.canRemove ? " You can still remove it." : ""}</p>
      )}
      {p.canRemove ? (
        <form method="post" action={`${base}/remove`} class="remove-form">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <button type="submit" class="danger">Remove comment</button>
        </form>
      ) : null}
    </div>
  );
}
