import type { PostSummary } from "../../domain/posts/post.js";
import { exactTime } from "../format-time.js";

/** The editors' list: every post with its status, newest change first. */
export function PostList({ posts, timeZone, now }: { posts: PostSummary[]; timeZone: string; now: number }) {
  const state = (s: PostSummary) => {
    const p = s.post;
    if (p.status === "draft") return "Draft";
    if (p.status === "scheduled" && (p.publishedAt ?? 0) > now) return `Scheduled for ${exactTime(p.publishedAt ?? 0, timeZone)}`;
    return `Published ${exactTime(p.publishedAt ?? 0, timeZone)}`;
  };
  return (
    <div class="editor">
      <h1>Posts</h1>
      <p>
        <a class="button" href="/editor/posts/new">New post</a> <a href="/editor/stats">Reader statistics</a>
      </p>
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
          {posts.map((s) => (
            <tr key={s.post.id}>
              <td data-label="Title">
                <a href={`/editor/posts/${s.post.id}`}>{s.post.title}</a>
              </td>
              <td data-label="State">{state(s)}</td>
              <td data-label="Views">
                <a href={`/editor/posts/${s.post.id}/stats`}>{s.viewCount}</a>
              </td>
              <td data-label="Comments">{s.commentCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
