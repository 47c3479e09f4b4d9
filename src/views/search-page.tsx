import type { CommentHit, PostHit, SearchPage as Page, Snippet } from "../domain/search/search.js";
import { anchorOf } from "../domain/comments/comment.js";
import { dateHeader } from "./format-time.js";

export interface SearchPageProps {
  readonly q: string;
  readonly kind: "posts" | "comments";
  readonly page: number;
  readonly pageSize: number;
  readonly posts?: Page<PostHit> | undefined;
  readonly comments?: Page<CommentHit> | undefined;
  readonly timeZone: string;
}

/** Matches shown highlighted; the text is escaped by Preact, only <mark> is ours. */
function Marked({ snippet }: { snippet: Snippet }) {
  return <>{snippet.parts.map((p) => (p.match ? <mark>{p.text}</mark> : p.text))}</>;
}

/** The search form and one page of results, posts or comments. */
export function SearchPage(p: SearchPageProps) {
  const total = (p.kind === "posts" ? p.posts?.total : p.comments?.total) ?? 0;
  const href = (kind: string, page: number) => `/search?q=${encodeURIComponent(p.q)}&kind=${kind}${page > 1 ? `&page=${page}` : ""}`;
  return (
    <div class="search-page">
      <h1>Search</h1>
      <form method="get" action="/search" role="search">
        <label for="search-q">Words to find</label>
        <input id="search-q" name="q" type="search" value={p.q} maxLength={200} />
        <input type="hidden" name="kind" value={p.kind} />
        <button type="submit">Search</button>
      </form>
      {p.q ? (
        <nav class="tabs">
          <a href={href("posts", 1)} aria-current={p.kind === "posts" ? "page" : undefined}>Posts</a> · <a href={href("comments", 1)} aria-current={p.kind === "comments" ? "page" : undefined}>Comments</a>
        </nav>
      ) : null}
      {p.q ? <p class="hint">{total === 0 ? "Nothing found." : `${total >= 1000 ? "1,000+" : total} ${p.kind === "posts" ? (total === 1 ? "post" : "posts") : total === 1 ? "comment" : "comments"} found.`}</p> : null}
      <ol class="search-results">
        {p.posts?.hits.map((h) => (
          <li>
            <a href={`/posts/${encodeURIComponent(h.slug)}`}>{h.title}</a> <span class="hint">{dateHeader(h.publishedAt, p.timeZone)}</span>
            <p class="snippet"><Marked snippet={h.snippet} /></p>
          </li>
        ))}
        {p.comments?.hits.map((h) => (
          <li>
            <a href={`/posts/${encodeURIComponent(h.slug)}#${anchorOf(h.numberPath)}`}>
              #{h.numberPath.join(".")} on “{h.postTitle}”
            </a>{" "}
            <span class="hint">by <bdi>{h.authorName ?? "Anonymous"}</bdi></span>
            <p class="snippet"><Marked snippet={h.snippet} /></p>
          </li>
        ))}
      </ol>
      <nav class="pager">
        {p.page > 1 ? <a href={href(p.kind, p.page - 1)} rel="prev">Previous</a> : null}
        {p.page * p.pageSize < total ? <a href={href(p.kind, p.page + 1)} rel="next">Next</a> : null}
      </nav>
    </div>
  );
}
