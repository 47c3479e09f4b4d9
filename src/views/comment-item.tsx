import type { PublicComment } from "../http/schemas/comment.js";
import { relativeTime } from "./format-time.js";
import { useMessages } from "./i18n/context.js";
import { VoteForm } from "./votes.js";

const REL = "nofollow ugc noopener noreferrer";

export interface CommentItemProps {
  readonly comment: PublicComment;
  readonly now: number;
  /** Can readers still reply? False on closed threads. */
  readonly canReply: boolean;
}

/** One comment with its replies nested beneath. Rendered on the server and, for new comments, in the browser. */
export function CommentItem({ comment: c, now, canReply }: CommentItemProps) {
  const m = useMessages();
  const created = Date.parse(c.createdAt);
  return (
    <li class={`comment${c.kind === "tombstone" ? " tombstone" : ""}${c.status === "pending" ? " pending" : ""}${c.featured ? " featured" : ""}`} id={c.anchor} data-id={c.id} data-path={c.path}>
      <article aria-label={m.commentLabel(c.path)}>
        <header class="comment-head">
          <span class="number">{c.number}.</span>{" "}
          {c.kind === "tombstone" ? null : <Author comment={c} />}{" "}
          <a class="permalink" href={`#${c.anchor}`}>
            <time datetime={c.createdAt}>{relativeTime(created, now, m.lang)}</time>
          </a>
          {c.editedAt ? <span class="edited" title={`${m.edited} ${c.editedAt}`}> · {m.edited}</span> : null}
          {c.featured ? <span class="featured-mark"> · ★ {m.featuredMark}</span> : null}
          {c.replyingTo ? (
            <span class="replying-to">
              {" "}· {m.replyingTo} <a href={`#c-${c.replyingTo.path.replace(/\./g, "-")}`}>#{c.replyingTo.path}</a>
              {c.replyingTo.authorName ? <> <bdi>{c.replyingTo.authorName}</bdi></> : null}
            </span>
          ) : null}
        </header>
        {c.kind === "tombstone" ? (
          <p class="removed">
            {c.status === "removed_by_author" ? m.removedByAuthor : m.removedByModerator}
          </p>
        ) : (
          <div class="comment-body" dir="auto" dangerouslySetInnerHTML={{ __html: c.bodyHtml ?? "" }} />
        )}
        {c.status === "pending" ? <p class="awaiting">{m.awaiting}</p> : null}
        <footer class="comment-actions">
          {c.kind === "comment" && c.status === "published" ? <VoteForm commentId={c.id} up={m.voteUp} down={m.voteDown} like={m.like} /> : null}
          {canReply && c.kind === "comment" && c.status === "published" ? (
            // Without JavaScript this leads to the reply page; the browser script opens the form in place.
            <a class="reply" href={`/comments/${c.id}/reply#comment-form`} rel="nofollow">{m.reply}</a>
          ) : null}
          {c.kind === "comment" && c.status === "published" ? (
            <a class="report" href={`/comments/${c.id}/report`} rel="nofollow">{m.report}</a>
          ) : null}
        </footer>
      </article>
      {c.replies.length > 0 ? (
        <section class="replies">
          <h4 class="replies-label">{m.replies}</h4>
          <ol class="comment-list">
            {c.replies.map((r) => (
              <CommentItem key={r.id} comment={r} now={now} canReply={canReply} />
            ))}
          </ol>
        </section>
      ) : null}
    </li>
  );
}

function Author({ comment: c }: { comment: PublicComment }) {
  const m = useMessages();
  if (c.authorName === null) return <span class="author anonymous">{m.anonymous}</span>;
  const name = <bdi>{c.authorName}</bdi>;
  return (
    <span class="author">
      {c.authorWebsite ? <a href={c.authorWebsite} rel={REL}>{name}</a> : name}
      {c.authorVerified ? <span class="verified" title={m.signedInAccount}> ✓</span> : null}
    </span>
  );
}
