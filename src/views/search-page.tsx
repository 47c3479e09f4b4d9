import type { ComponentChildren } from "preact";
import type { CommentHit, PostHit, SearchKind, SearchPage as Page, Snippet } from "../domain/search/search.js";
import { anchorOf } from "../domain/comments/comment.js";
import { dateHeader } from "./format-time.js";

export interface SearchPageProps {
  readonly q: string;
  readonly kind: SearchKind;
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

/** One kind of result: a list, its heading when both kinds are shown, and a link to the rest. */
function Results(p: { label: string; heading: boolean; more: string | null; children: ComponentChildren[] }) {
  if (p.children.length === 0) return null;
  return (
    <section aria-label={`${p.label} found`}>
      {p.heading ? <h2>{p.label}</h2> : null}
      <ol class="search-results">{p.children}</ol>
      {p.more ? <p><a href={p.more}>More {p.label.toLowerCase()}</a></p> : null}
    </section>
  );
}

const counted = (total: number, one: string, many: string) => `${total >= 1000 ? "1,000+" : total} ${total === 1 ? one : many}`;

/** The search form and results: posts and comments together, or one page of either. */
export function SearchPage(p: SearchPageProps) {
  const href = (kind: SearchKind, page: number) => `/search?q=${encodeURIComponent(p.q)}${kind === "all" ? "" : `&kind=${kind}`}${page > 1 ? `&page=${page}` : ""}`;
  const postTotal = p.posts?.total ?? 0;
  const commentTotal = p.comments?.total ?? 0;
  const total = p.kind === "posts" ? postTotal : p.kind === "comments" ? commentTotal : postTotal + commentTotal;
  const tab = (kind: SearchKind, label: string) => <a href={href(kind, 1)} aria-current={p.kind === kind ? "page" : undefined}>{label}</a>;
  return (
    <div class="search-page">
      <h1>Search</h1>
      <form method="get" action="/search" role="search">
        <label for="search-q">Words to find</label>
        <input id="search-q" name="q" type="search" value={p.q} maxLength={200} />
        {p.kind !== "all" ? <input type="hidden" name="kind" value={p.kind} /> : null}
        <button type="submit">Search</button>
      </form>
      {p.q ? (
        <nav class="tabs">
          {tab("all", "All")} · {tab("posts", "Posts")} · {tab("comments", "Comments")}
        </nav>
      ) : null}
      {p.q ? (
        <p class="hint">
          {total === 0
            ? "Nothing found."
            : p.kind === "all"
              ? `${counted(postTotal, "post", "posts")} and ${counted(commentTotal, "comment", "comments")} found.`
              : `${p.kind === "posts" ? counted(total, "post", "posts") : counted(total, "comment", "comments")} found.`}
        </p>
      ) : null}
      {p.posts ? (
        <Results label="Posts" more={p.kind === "all" && postTotal > p.posts.hits.length ? href("posts", 2) : null} heading={p.kind === "all"}>
          {p.posts.hits.map((h) => (
            <li>
              <a href={`/posts/${encodeURIComponent(h.slug)}`}>{h.title}</a> <span class="hint">{dateHeader(h.publishedAt, p.timeZone)}</span>
              <p class="snippet"><Marked snippet={h.snippet} /></p>
            </li>
          ))}
        </Results>
      ) : null}
      {p.comments ? (
        <Results label="Comments" more={p.kind === "all" && commentTotal > p.comments.hits.length ? href("comments", 2) : null} heading={p.kind === "all"}>
          {p.comments.hits.map((h) => (
            <li>
              <a href={`/posts/${encodeURIComponent(h.slug)}#${anchorOf(h.numberPath)}`}>
                #{h.numberPath.join(".")} on “{h.postTitle}”
              </a>{" "}
              <span class="hint">by <bdi>{h.authorName ?? "Anonymous"}</bdi></span>
              <p class="snippet"><Marked snippet={h.snippet} /></p>
            </li>
          ))}
        </Results>
      ) : null}
      {p.kind !== "all" ? (
        <nav class="pager">
          {p.page > 1 ? <a href={href(p.kind, p.page - 1)} rel="prev">Previous</a> : null}
          {p.page * p.pageSize < total ? <a href={href(p.kind, p.page + 1)} rel="next">Next</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
