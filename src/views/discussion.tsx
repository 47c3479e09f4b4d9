import { THREAD_SORTS, type ThreadSort } from "../domain/comments/sort-thread.js";
import type { PublicComment } from "../http/schemas/comment.js";
import { CommentForm, type FormState } from "./comment-form.js";
import { CommentItem } from "./comment-item.js";
import { useMessages } from "./i18n/context.js";

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
  /** The order shown, and the page whose `?sort=` links change it (none: no choice offered). */
  readonly sort?: ThreadSort | undefined;
  readonly sortBase?: string | undefined;
  /** A long discussion's page (domain/comments/reading-page.ts): links to the next and the first, on `sortBase`. */
  readonly page?: { readonly afterRoot: number | undefined; readonly nextRoot: number | null } | undefined;
}

/** The thread under a post: numbered comments, replies nested, and the form to join in. */
export function Discussion(p: DiscussionProps) {
  const m = useMessages();
  if (p.mode === "hidden") return null;
  const canReply = p.mode === "open" || p.mode === "moderated";
  return (
    <section class="discussion" id="comments" data-thread-id={p.threadId} data-max-depth={p.maxDepth} data-can-reply={canReply ? "1" : "0"} data-thread-version={p.version}>
      <h2>
        {m.comments} (<span data-comment-count="">{p.commentCount}</span>)
      </h2>
      {p.sortBase && p.comments.length > 1 ? (
        <nav class="thread-sort" aria-label={m.sortBy}>
          {m.sortBy}{" "}
          {THREAD_SORTS.map((s) => (
            <>
              <a href={`${p.sortBase}?sort=${s}#comments`} rel="nofollow" {...(s === (p.sort ?? "oldest") ? { "aria-current": "true" as const } : {})}>
                {{ oldest: m.sortOldest, newest: m.sortNewest, best: m.sortBest, replies: m.sortReplies }[s]}
              </a>{" "}
            </>
          ))}
        </nav>
      ) : null}
      <FeaturedComments comments={p.comments} />
      {p.comments.length === 0 ? <p class="no-comments">{m.noComments}</p> : null}
      <ol class="comment-list top-level">
        {p.comments.map((c) => (
          <CommentItem key={c.id} comment={c} now={p.now} canReply={canReply} />
        ))}
      </ol>
      <PageLinks {...p} />
      {canReply ? (
        <CommentForm action={p.formAction} allowAnonymous={p.allowAnonymous} state={p.formState} heading={m.leaveComment} />
      ) : null}
      {canReply ? (
        // The same for every reader (the page is cached): signed in, the account's address is used.
        <form method="post" action={`/threads/${p.threadId}/follow`} class="follow-form">
          <label for="follow-email">{m.followLabel}</label> <input id="follow-email" name="email" type="email" dir="ltr" maxLength={254} autocomplete="email" />{" "}
          <button type="submit" class="secondary">{m.follow}</button>
        </form>
      ) : (
        <p class="closed-note">{m.closed}</p>
      )}
      {p.mode === "moderated" ? <p class="hint">{m.reviewed}</p> : null}
    </section>
  );
}

/** Between the pages of a discussion too long for one: the next page, and back to the first. */
function PageLinks(p: DiscussionProps) {
  const m = useMessages();
  if (!p.sortBase || !p.page || (p.page.nextRoot === null && p.page.afterRoot === undefined)) return null;
  const sort = p.sort && p.sort !== "oldest" ? `sort=${p.sort}` : "";
  return (
    <nav class="thread-pages">
      {p.page.afterRoot !== undefined ? <a href={`${p.sortBase}${sort ? `?${sort}` : ""}#comments`}>{m.firstComments}</a> : null}{" "}
      {p.page.nextRoot !== null ? (
        <a href={`${p.sortBase}?${sort ? `${sort}&` : ""}after=${p.page.nextRoot}#comments`} rel="next">
          {m.laterComments}
        </a>
      ) : null}
    </nav>
  );
}

/** Every featured comment of the tree, in reading order. */
function featuredOf(comments: readonly PublicComment[]): PublicComment[] {
  return comments.flatMap((c) => [...(c.featured ? [c] : []), ...featuredOf(c.replies)]);
}

/**
 * The editors' picks, above the thread: each with its number, author and text, and a link to its
 * place in the discussion, where it stays (a number never moves).
 */
function FeaturedComments(p: { comments: readonly PublicComment[] }) {
  const m = useMessages();
  const picks = featuredOf(p.comments);
  if (picks.length === 0) return null;
  return (
    <section class="featured-comments" aria-label={m.featured}>
      <h3>★ {m.featured}</h3>
      <ol>
        {picks.map((c) => (
          <li>
            <p class="featured-head">
              <span class="number">{c.path}.</span> {c.authorName ? <bdi class="author">{c.authorName}</bdi> : <span class="author anonymous">{m.anonymous}</span>} ·{" "}
              <a href={`#${c.anchor}`}>{m.featuredGoTo}</a>
            </p>
            <div class="comment-body" dir="auto" dangerouslySetInnerHTML={{ __html: c.bodyHtml ?? "" }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
