import type { PostStatus, PostSummary } from "../../domain/posts/post.js";
import { TRASH_DAYS } from "../../domain/posts/post.js";
import { exactTime } from "../format-time.js";

export interface PostListFilter {
  readonly status: PostStatus | "";
  readonly label: string;
  readonly author: string;
}

const STATUSES: ReadonlyArray<[PostStatus | "", string]> = [["", "Any but the trash"], ["draft", "Drafts"], ["scheduled", "Scheduled"], ["published", "Published"], ["trashed", "Trash"]];

/** The editors' list: posts with their status, newest change first, narrowed by status, label and author. */
export function PostList(p: {
  posts: PostSummary[];
  timeZone: string;
  now: number;
  filter: PostListFilter;
  labels: readonly string[];
  authors: ReadonlyArray<{ id: number; name: string }>;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const state = (s: PostSummary) => {
    const post = s.post;
    if (post.status === "trashed") return "In the trash";
    if (post.status === "draft") return "Draft";
    if (post.status === "scheduled" && (post.publishedAt ?? 0) > p.now) return `Scheduled for ${exactTime(post.publishedAt ?? 0, p.timeZone)}`;
    return `Published ${exactTime(post.publishedAt ?? 0, p.timeZone)}`;
  };
  const trash = p.filter.status === "trashed";
  return (
    <div class="editor">
      <h1>Posts</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      <p>
        <a class="button" href="/editor/posts/new">New post</a> <a href="/editor/media">Pictures</a> <a href="/editor/stats">Reader statistics</a>
      </p>
      <form method="get" action="/editor" class="post-filters" role="search">
        <label for="filter-status">Status</label>{" "}
        <select id="filter-status" name="status">
          {STATUSES.map(([v, label]) => (
            <option value={v} selected={p.filter.status === v}>{label}</option>
          ))}
        </select>{" "}
        <label for="filter-label">Label</label>{" "}
        <select id="filter-label" name="label">
          <option value="">Any</option>
          {p.labels.map((l) => (
            <option value={l} selected={p.filter.label === l}>{l}</option>
          ))}
        </select>{" "}
        <label for="filter-author">Author</label>{" "}
        <select id="filter-author" name="author">
          <option value="">Anyone</option>
          {p.authors.map((a) => (
            <option value={String(a.id)} selected={p.filter.author === String(a.id)}>{a.name}</option>
          ))}
        </select>{" "}
        <button type="submit">Show</button>
      </form>
      {trash ? <p class="hint">Deleted posts wait here {TRASH_DAYS} days, then they and their discussions are gone for good.</p> : null}
      <table class="post-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">State</th>
            <th scope="col">Views</th>
            <th scope="col">Comments</th>
          </tr>
        </thead>
        <tbody>
          {p.posts.map((s) => (
            <tr key={s.post.id}>
              <td data-label="Title">
                {s.post.status === "trashed" ? <span>{s.post.title}</span> : <a href={`/editor/posts/${s.post.id}`}>{s.post.title}</a>}
                {s.post.labels.length > 0 ? <span class="hint"> · {s.post.labels.join(", ")}</span> : null}
              </td>
              <td data-label="State">
                {state(s)}
                {s.post.status === "trashed" ? (
                  <form method="post" action={`/editor/posts/${s.post.id}/untrash`} class="inline">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit" class="secondary">Restore</button>
                  </form>
                ) : null}
              </td>
              <td data-label="Views">
                <a href={`/editor/posts/${s.post.id}/stats`}>{s.viewCount}</a>
              </td>
              <td data-label="Comments">{s.commentCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.posts.length === 0 ? <p>No post matches.</p> : null}
    </div>
  );
}

/** "Delete this post?" — the confirmation, with what deleting means. */
export function TrashConfirm({ post, csrfToken }: { post: { id: number; title: string }; csrfToken: string }) {
  return (
    <div class="editor">
      <h1>Delete “{post.title}”?</h1>
      <p>
        It leaves the site at once, with its discussion. It waits in the trash for {TRASH_DAYS} days, where an editor can restore it as a draft; after that it is gone
        for good.
      </p>
      <form method="post" action={`/editor/posts/${post.id}/trash`} class="inline">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="danger">Delete the post</button>
      </form>{" "}
      <a href={`/editor/posts/${post.id}`}>Keep it</a>
    </div>
  );
}
