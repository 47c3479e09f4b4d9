import type { Post } from "../domain/posts/post.js";
import { dateHeader } from "./format-time.js";
import { slot } from "./slot.js";

/** Marker replaced per request with the live view count, so the cached HTML never goes stale on a view. */
export const VIEW_COUNT_SLOT = slot("views");

/** The post itself: date header, title, standfirst, views, source, lead image, dateline and body. */
export function PostArticle({ post, timeZone }: { post: Post; timeZone: string }) {
  const published = post.publishedAt ?? post.createdAt;
  return (
    <article class="post" data-thread-id={post.threadId}>
      <h2 class="date-header">
        <time datetime={new Date(published).toISOString()}>{dateHeader(published, timeZone)}</time>
      </h2>
      <h1 class="post-title">{post.title}</h1>
      {post.standfirst ? <p class="standfirst">{post.standfirst}</p> : null}
      <p class="post-stats">
        Total Views: <span class="view-count" data-view-count="">{VIEW_COUNT_SLOT}</span>
      </p>
      {post.source ? (
        <p class="source">
          Republished from{" "}
          <a href={post.source.url} rel="noopener noreferrer" class="source-outlet">
            {post.source.outlet}
          </a>
          {post.source.publishedAt ? <> · first published {dateHeader(post.source.publishedAt, timeZone)}</> : null}
        </p>
      ) : null}
      {post.leadImage ? (
        <figure class="lead-image">
          <img src={post.leadImage.url} alt={post.leadImage.caption ?? ""} width={1200} height={675} />
          {post.leadImage.caption || post.leadImage.credit ? (
            <figcaption>
              {post.leadImage.caption}
              {post.leadImage.credit ? <span class="credit"> ({post.leadImage.credit})</span> : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <div class="post-body" dangerouslySetInnerHTML={{ __html: withDateline(post.bodyHtml, post.dateline) }} />
      {post.labels.length > 0 ? (
        <p class="labels">
          Labels:{" "}
          {post.labels.map((l) => (
            <a href={`/labels/${encodeURIComponent(l)}`} rel="tag">{l}</a>
          ))}
        </p>
      ) : null}
    </article>
  );
}

/** Puts "PORT ELLIS:" at the start of the first paragraph, as newspapers do. */
function withDateline(bodyHtml: string, dateline: string | null): string {
  if (!dateline) return bodyHtml;
  const tag = `<span class="dateline">${escapeHtml(dateline)}:</span> `;
  return bodyHtml.startsWith("<p>") ? `<p>${tag}${bodyHtml.slice(3)}` : `<p>${tag}</p>${bodyHtml}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
