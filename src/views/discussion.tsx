import type { PublicComment } from "../http/schemas/comment.js";
import { CommentForm, type FormState } from "./comment-form.js";
import { CommentItem } from "./comment-item.js";

export interface DiscussionProps {
  readonly threadId: number;
  /** Where the plain (no-JavaScript) comment form posts. */
  readonly formAction: string;
  readonly mode: string;
  readonly commentCount: number;
  /** The thread version this rendering shows: live updates resume from it. */
  readonly version: number;
  readonly comments: PublicComment[];
  readonly allowAnonymous: boolean;
  readonly maxDepth: number;
  readonly now: number;
  readonly formState?: FormState | undefined;
}

/** The thread under a post: numbered comments, replies nested, and the form to join in. */
export function Discussion(p: DiscussionProps) {
  if (p.mode === "hidden") return null;
  const canReply = p.mode === "open" || p.mode === "moderated";
  return (
    <section class="discussion" id="comments" data-thread-id={p.threadId} data-max-depth={p.maxDepth} data-can-reply={canReply ? "1" : "0"} data-thread-version={p.version}>
      <h2>
        Comments (<span data-comment-count="">{p.commentCount}</span>)
      </h2>
      {p.comments.length === 0 ? <p class="no-comments">No comments yet. Start the discussion.</p> : null}
      <ol class="comment-list top-level">
        {p.comments.map((c) => (
          <CommentItem key={c.id} comment={c} now={p.now} canReply={canReply} />
        ))}
      </ol>
      {canReply ? (
        <CommentForm action={p.formAction} allowAnonymous={p.allowAnonymous} state={p.formState} heading="Leave a comment" />
      ) : (
        <p class="closed-note">Comments are closed on this post.</p>
      )}
      {p.mode === "moderated" ? <p class="hint">Comments on this post are reviewed before they appear.</p> : null}
    </section>
  );
}
