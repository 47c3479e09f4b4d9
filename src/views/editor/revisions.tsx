import type { PostRevision } from "../../domain/posts/ports.js";
import type { PostFields } from "../../domain/posts/post-fields.js";
import { exactTime } from "../format-time.js";

/** Every saved version of a post, newest first, each restorable. */
export function RevisionList(p: { postId: number; title: string; revisions: PostRevision[]; csrfToken: string; timeZone: string }) {
  return (
    <div class="editor">
      <p><a href={`/editor/posts/${p.postId}`}>← Back to “{p.title}”</a></p>
      <h1>Revisions</h1>
      <ol class="revisions">
        {p.revisions.map((r, i) => {
          const fields = JSON.parse(r.snapshot) as PostFields;
          return (
            <li key={r.id}>
              <strong>{exactTime(r.createdAt, p.timeZone)}</strong> — {fields.title}{" "}
              <span class="hint">({fields.body.length} characters{i === 0 ? ", current" : ""})</span>
              <details>
                <summary>Show text</summary>
                <pre class="revision-body">{fields.body}</pre>
              </details>
              {i === 0 ? null : (
                <form method="post" action={`/editor/posts/${p.postId}/revisions/${r.id}/restore`}>
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="secondary">Restore this version</button>
                </form>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
