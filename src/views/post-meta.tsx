import type { Post } from "../domain/posts/post.js";

/**
 * Social cards (OpenGraph, Twitter) and schema.org NewsArticle for a post. The JSON-LD is escaped so
 * no text can close its script element.
 */
export function PostMeta({ post, url, siteName, authorName }: { post: Post; url: string; siteName: string; authorName: string | null }) {
  const image = post.leadImage ? absolute(post.leadImage.url, url) : undefined;
  const published = new Date(post.publishedAt ?? post.createdAt).toISOString();
  const ld = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: post.title,
    description: post.standfirst ?? undefined,
    datePublished: published,
    dateModified: new Date(post.updatedAt).toISOString(),
    mainEntityOfPage: url,
    url,
    image: image ? [image] : undefined,
    author: authorName ? { "@type": "Person", name: authorName } : { "@type": "Organization", name: siteName },
    publisher: { "@type": "Organization", name: siteName },
    keywords: post.labels.length ? post.labels.join(", ") : undefined,
    dateline: post.dateline ?? undefined,
    isBasedOn: post.source
      ? { "@type": "NewsArticle", url: post.source.url, publisher: { "@type": "Organization", name: post.source.outlet }, datePublished: post.source.publishedAt ? new Date(post.source.publishedAt).toISOString() : undefined }
      : undefined,
  };
  const json = JSON.stringify(ld).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={post.title} />
      <meta property="og:url" content={url} />
      {post.standfirst ? <meta property="og:description" content={post.standfirst} /> : null}
      {image ? <meta property="og:image" content={image} /> : null}
      {post.leadImage?.caption ? <meta property="og:image:alt" content={post.leadImage.caption} /> : null}
      <meta property="article:published_time" content={published} />
      {post.labels.map((l) => (
        <meta property="article:tag" content={l} />
      ))}
      <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} />
      <meta name="twitter:title" content={post.title} />
      {post.standfirst ? <meta name="twitter:description" content={post.standfirst} /> : null}
      {image ? <meta name="twitter:image" content={image} /> : null}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />
    </>
  );
}

function absolute(src: string, base: string): string {
  try {
    return new URL(src, base).href;
  } catch {
    return src;
  }
}
