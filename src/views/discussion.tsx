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
  /** A long discussion's page (domain/comments/reading-page.ts): where its first and next pages are. */
  readonly pageLinks?: DiscussionPageLinks | undefined;
}

/** The thread under a post: numbered comments, replies nested, and the form to join in. */
export function Discussion(p: DiscussionProps) {
  const m = useMessages();
  if (p.mode === "hidden") return null;
  const canReply = p.mode === "open" || p.mode === "moderated";
  return (
    <section class="discussion" id="comments" data-thread-id={p.threadId} data-max-depth={p.maxDepth} data-can-reply={canReply ? "1" : "0"} data-thread-version={p.version} data-sort={p.sort ?? "oldest"} data-new-after={newAfter(p)}>
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
      <PageLinks links={p.pageLinks} />
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

/**
 * Where a new top-level comment belongs: on the last page in number order (the first when the
 * newest come first), after the top-level numbers this page shows. Undefined: not on this page.
 * (The live script offers new comments only where they belong.)
 */
function newAfter(p: DiscussionProps): number | undefined {
  const here = p.sort === "newest" ? !p.pageLinks?.first : !p.pageLinks?.next;
  return here ? Math.max(0, ...p.comments.map((c) => Number(c.path.split(".")[0]))) : undefined;
}

/** The addresses of a long discussion's other pages (none: it has one page, or this is the only one). */
export interface DiscussionPageLinks {
  readonly first?: string | undefined;
  readonly next?: string | undefined;
}

/** Between the pages of a discussion too long for one: the next page, and back to the first. */
function PageLinks(p: { links: DiscussionPageLinks | undefined }) {
  const m = useMessages();
  if (!p.links?.first && !p.links?.next) return null;
  return (
    <nav class="thread-pages" aria-label={m.discussionPages}>
      {p.links.first ? <a href={p.links.first}>{m.firstComments}</a> : null}{" "}
      {p.links.next ? (
        <a href={p.links.next} rel="next">
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
