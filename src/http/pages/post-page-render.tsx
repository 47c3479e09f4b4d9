import type { PostPage } from "../../domain/posts/get-post-page.js";
import { Discussion } from "../../views/discussion.js";
import type { FormState } from "../../views/comment-form.js";
import { Layout } from "../../views/layout.js";
import { PostArticle } from "../../views/post-article.js";
import { presentTree } from "../presenters/comment.js";
import { renderDocument } from "../render.js";

/** Marker replaced per request with the time the page was served (the browser script reads it). */
export const SERVED_AT_SLOT = "\u0000served\u0000";

/** Renders a post page; the view count and serve time stay as slots to fill per request. */
export function renderPostPage(page: PostPage, opts: { publicUrl: string; timeZone: string; now: number; formState?: FormState }): string {
  const { post, thread, site } = page;
  const own = `${opts.publicUrl}/posts/${encodeURIComponent(post.slug)}`;
  const canonical = post.canonicalToSource && post.source ? post.source.url : own;
  return renderDocument(
    <Layout title={post.title} siteName={site.name} canonical={canonical} description={post.standfirst ?? undefined} withScript>
      <div class="post-page" data-served-at={SERVED_AT_SLOT}>
        <PostArticle post={post} timeZone={opts.timeZone} />
        <Discussion
          threadId={thread.id}
          slug={post.slug}
          mode={thread.mode}
          commentCount={thread.commentCount}
          comments={presentTree(page.nodes)}
          allowAnonymous={site.allowAnonymous}
          maxDepth={site.maxDepth}
          now={opts.now}
          formState={opts.formState}
        />
      </div>
    </Layout>,
  );
}

/** A page cut at its per-request slots: parts[0] slot[0] parts[1] slot[1] … parts[n]. */
export interface SlottedPage {
  readonly parts: readonly string[];
  readonly slots: readonly string[];
}

const SLOT = /\u0000(\w+)\u0000/g;

/** Cuts a rendered page at every slot marker, remembering which slot goes where. */
export function cutSlots(html: string): SlottedPage {
  const parts: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of html.matchAll(SLOT)) {
    parts.push(html.slice(last, m.index));
    slots.push(m[1] ?? "");
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(html.slice(last));
  return { parts, slots };
}

/** Fills the slots with this request's values. */
export function fillSlots(page: SlottedPage, values: Record<string, string>): string {
  let out = page.parts[0] ?? "";
  for (let i = 0; i < page.slots.length; i++) out += (values[page.slots[i] ?? ""] ?? "") + (page.parts[i + 1] ?? "");
  return out;
}
