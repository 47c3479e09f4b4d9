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

/** A page cut at its per-request slots: bytes[0] slot[0] bytes[1] slot[1] … bytes[n], kept as UTF-8. */
export interface SlottedPage {
  /** Encoded once, so a request copies bytes instead of re-encoding 200 KB of text. */
  readonly bytes: readonly Buffer[];
  readonly slots: readonly string[];
  /** Total size, for the cache's byte budget. */
  readonly size: number;
}

const SLOT = /\u0000(\w+)\u0000/g;

/** Cuts a rendered page at every slot marker, remembering which slot goes where. */
export function cutSlots(html: string): SlottedPage {
  const bytes: Buffer[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of html.matchAll(SLOT)) {
    bytes.push(Buffer.from(html.slice(last, m.index), "utf8"));
    slots.push(m[1] ?? "");
    last = (m.index ?? 0) + m[0].length;
  }
  bytes.push(Buffer.from(html.slice(last), "utf8"));
  return { bytes, slots, size: bytes.reduce((n, b) => n + b.length, 0) };
}

/** Fills the slots with this request's values. */
export function fillSlots(page: SlottedPage, values: Record<string, string>): Buffer {
  const chunks: Buffer[] = [page.bytes[0] ?? Buffer.alloc(0)];
  for (let i = 0; i < page.slots.length; i++) {
    chunks.push(Buffer.from(values[page.slots[i] ?? ""] ?? "", "utf8"), page.bytes[i + 1] ?? Buffer.alloc(0));
  }
  return Buffer.concat(chunks);
}
