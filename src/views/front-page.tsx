import type { Post } from "../domain/posts/post.js";

/** A post as a listing shows it; `commentCount` is null where its discussion is hidden from readers. */
export interface ListedPost {
  readonly post: Post;
  readonly viewCount: number;
  readonly commentCount: number | null;
}
import { dateHeader, dayKey } from "./format-time.js";

export interface FrontPageProps {
  /** Shown above the list on label and month pages. */
  readonly heading?: string | undefined;
  readonly posts: ListedPost[];
  readonly timeZone: string;
  /** Link to the next (older) page, when there is one. */
  readonly olderHref: string | null;
  readonly newerHref: string | null;
}

/** Posts newest first, one date header per day, like a newspaper's blog. */
export function FrontPage({ posts, timeZone, olderHref, newerHref, heading }: FrontPageProps) {
  const days: Array<{ key: string; label: string; iso: string; items: ListedPost[] }> = [];
  for (const s of posts) {
    const at = s.post.publishedAt ?? s.post.createdAt;
    const key = dayKey(at, timeZone);
    const last = days[days.length - 1];
    if (last && last.key === key) last.items.push(s);
    else days.push({ key, label: dateHeader(at, timeZone), iso: key, items: [s] });
  }
  return (
    <div class="front-page">
      {heading ? <h1 class="listing-heading">{heading}</h1> : null}
      {posts.length === 0 ? <p>Nothing published yet.</p> : null}
      {days.map((d) => (
        <section class="day" key={d.key}>
          <h2 class="date-header">
            <time datetime={d.iso}>{d.label}</time>
          </h2>
          {d.items.map(({ post, viewCount, commentCount }) => (
            <article class="post-summary" key={post.id}>
              <h3>
                <a href={`/posts/${encodeURIComponent(post.slug)}`}>{post.title}</a>
              </h3>
              {post.standfirst ? <p class="standfirst">{post.standfirst}</p> : null}
              {post.labels.length > 0 ? (
                <p class="labels">
                  {post.labels.map((l) => (
                    <a href={`/labels/${encodeURIComponent(l)}`} rel="tag">{l}</a>
                  ))}
                </p>
              ) : null}
              <p class="post-stats">
                {post.source ? <span class="source">{post.source.outlet} · </span> : null}
                <span class="views">{viewCount} {viewCount === 1 ? "view" : "views"}</span>
                {commentCount !== null ? (
                  <>
                    {" · "}
                    <a href={`/posts/${encodeURIComponent(post.slug)}#comments`}>
                      {commentCount} {commentCount === 1 ? "comment" : "comments"}
                    </a>
                  </>
                ) : null}
              </p>
            </article>
          ))}
        </section>
      ))}
      <nav class="pager" aria-label="More posts">
        {newerHref ? <a href={newerHref} rel="prev">Newer posts</a> : null}
        {olderHref ? <a href={olderHref} rel="next">Older posts</a> : null}
      </nav>
    </div>
  );
}
