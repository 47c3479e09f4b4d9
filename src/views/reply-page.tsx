import type { PublicComment } from "../http/schemas/comment.js";
import { CommentForm, type FormState } from "./comment-form.js";
import { relativeTime } from "./format-time.js";

/** Without JavaScript, "Reply" leads here: the comment being answered, then the form. */
export function ReplyPage(p: { slug: string; postTitle: string; parent: PublicComment; allowAnonymous: boolean; now: number; state?: FormState | undefined }) {
  return (
    <div class="reply-page">
      <p><a href={`/posts/${encodeURIComponent(p.slug)}#${p.parent.anchor}`}>← Back to “{p.postTitle}”</a></p>
      <h1>Reply to comment #{p.parent.path}</h1>
      <blockquote class="quoted-comment">
        <p class="comment-head">
          {p.parent.authorName === null ? <span class="author anonymous">Anonymous</span> : <bdi class="author">{p.parent.authorName}</bdi>}{" "}
          <time datetime={p.parent.createdAt}>{relativeTime(Date.parse(p.parent.createdAt), p.now)}</time>
        </p>
        <div class="comment-body" dir="auto" dangerouslySetInnerHTML={{ __html: p.parent.bodyHtml ?? "" }} />
      </blockquote>
      <CommentForm action={`/posts/${encodeURIComponent(p.slug)}/comments`} parentId={p.parent.id} allowAnonymous={p.allowAnonymous} state={p.state} heading="Your reply" />
    </div>
  );
}
