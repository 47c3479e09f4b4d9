import type { Post } from "../../domain/posts/post.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A post's public fields. */
export function presentPost(p: Post, publicUrl: string) {
  const url = `${publicUrl}/posts/${encodeURIComponent(p.slug)}`;
  return {
    id: p.id,
    slug: p.slug,
    url,
    title: p.title,
    standfirst: p.standfirst,
    dateline: p.dateline,
    bodyHtml: p.bodyHtml,
    publishedAt: iso(p.publishedAt),
    leadImage: p.leadImage,
    source: p.source ? { outlet: p.source.outlet, url: p.source.url, publishedAt: iso(p.source.publishedAt) } : null,
    canonicalUrl: p.canonicalToSource && p.source ? p.source.url : url,
    threadId: p.threadId,
  };
}
