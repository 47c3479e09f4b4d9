import type { FastifyInstance, FastifyReply } from "fastify";
import { Feed } from "feed";
import { anchorOf, type Comment } from "../../domain/comments/comment.js";
import type { Post, PostSummary } from "../../domain/posts/post.js";
import { isPostPublic } from "../../domain/posts/post.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps } from "../deps.js";

const FEED_SIZE = 30;
const ATOM = "application/atom+xml; charset=utf-8";
const RSS = "application/rss+xml; charset=utf-8";

/** Atom and RSS for posts (site-wide and per label), Atom for comments, sitemap.xml and robots.txt. */
export function registerFeeds(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl;
  const postUrl = (p: Pick<Post, "slug">) => `${base}/posts/${encodeURIComponent(p.slug)}`;
  const siteName = async () => (await deps.sites.getSite(1)).name;

  async function postsFeed(label: string | undefined, self: string): Promise<Feed> {
    const posts = await deps.posts.listPublishedPosts({ before: deps.clock.now() + 1, limit: FEED_SIZE, label });
    const name = await siteName();
    const feed = new Feed({
      title: label ? `${name}: ${label}` : name,
      id: `${base}/${label ? `labels/${encodeURIComponent(label)}` : ""}`,
      link: `${base}/${label ? `labels/${encodeURIComponent(label)}` : ""}`,
      updated: new Date(posts[0]?.post.publishedAt ?? deps.clock.now()),
      generator: "Broadsheet",
      language: "en",
      feedLinks: { atom: `${base}${self}.atom`, rss: `${base}${self}.rss` },
      copyright: name,
    });
    for (const { post } of posts) feed.addItem(postItem(post));
    return feed;
  }

  function postItem(post: Post) {
    return {
      title: post.title,
      id: postUrl(post),
      link: postUrl(post),
      date: new Date(post.updatedAt),
      published: new Date(post.publishedAt ?? post.createdAt),
      description: post.standfirst ?? undefined,
      content: post.bodyHtml,
      category: post.labels.map((l) => ({ name: l, term: l })),
    };
  }

  const send = (reply: FastifyReply, type: string, body: string) => reply.type(type).header("cache-control", "public, max-age=300").send(body);

  app.get("/feeds/posts.atom", { schema: { hide: true } }, async (_req, reply) => send(reply, ATOM, (await postsFeed(undefined, "/feeds/posts")).atom1()));
  app.get("/feeds/posts.rss", { schema: { hide: true } }, async (_req, reply) => send(reply, RSS, (await postsFeed(undefined, "/feeds/posts")).rss2()));
  app.get<{ Params: { label: string } }>("/labels/:label/feed.atom", { schema: { hide: true } }, async (req, reply) =>
    send(reply, ATOM, (await postsFeed(req.params.label.toLowerCase(), `/labels/${encodeURIComponent(req.params.label.toLowerCase())}/feed`)).atom1()),
  );
  app.get<{ Params: { label: string } }>("/labels/:label/feed.rss", { schema: { hide: true } }, async (req, reply) =>
    send(reply, RSS, (await postsFeed(req.params.label.toLowerCase(), `/labels/${encodeURIComponent(req.params.label.toLowerCase())}/feed`)).rss2()),
  );

  async function commentsFeed(comments: Comment[], title: string, self: string, link: string): Promise<string> {
    const feed = new Feed({ title, id: link, link, updated: new Date(comments[0]?.createdAt ?? deps.clock.now()), generator: "Broadsheet", language: "en", feedLinks: { atom: `${base}${self}` } });
    const posts = new Map<number, Post | undefined>();
    for (const c of comments) {
      if (!posts.has(c.threadId)) posts.set(c.threadId, await deps.posts.findPostByThreadId(c.threadId));
      const post = posts.get(c.threadId);
      if (!post || !isPostPublic(post, deps.clock.now())) continue;
      const url = `${postUrl(post)}#${anchorOf(c.numberPath)}`;
      feed.addItem({
        title: `${c.authorName ?? "Anonymous"} on “${post.title}” (#${c.numberPath.join(".")})`,
        id: url,
        link: url,
        date: new Date(c.editedAt ?? c.createdAt),
        published: new Date(c.createdAt),
        content: c.bodyHtml,
        author: [{ name: c.authorName ?? "Anonymous" }],
      });
    }
    return feed.atom1();
  }

  app.get("/feeds/comments.atom", { schema: { hide: true } }, async (_req, reply) =>
    send(reply, ATOM, await commentsFeed(await deps.comments.listRecentComments({ limit: FEED_SIZE }), `${await siteName()}: comments`, "/feeds/comments.atom", `${base}/`)),
  );

  app.get<{ Params: { slug: string } }>("/posts/:slug/comments.atom", { schema: { hide: true } }, async (req, reply) => {
    const post = await deps.posts.findPostBySlug(req.params.slug);
    if (!post || !isPostPublic(post, deps.clock.now())) throw new DomainError("not_found", "There is no such post.");
    const comments = await deps.comments.listRecentComments({ limit: FEED_SIZE, threadId: post.threadId });
    return send(reply, ATOM, await commentsFeed(comments, `Comments on “${post.title}”`, `/posts/${encodeURIComponent(post.slug)}/comments.atom`, postUrl(post)));
  });

  app.get("/sitemap.xml", { schema: { hide: true } }, async (_req, reply) => {
    const all: PostSummary[] = [];
    for (let before = deps.clock.now() + 1; ; ) {
      const page = await deps.posts.listPublishedPosts({ before, limit: 500 });
      all.push(...page);
      const last = page[page.length - 1]?.post.publishedAt;
      if (page.length < 500 || last === undefined || last === null || all.length >= 50_000) break;
      before = last;
    }
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      `<url><loc>${escapeXml(`${base}/`)}</loc></url>`,
      ...all.map(({ post }) => `<url><loc>${escapeXml(postUrl(post))}</loc><lastmod>${new Date(post.updatedAt).toISOString()}</lastmod></url>`),
      "</urlset>",
    ].join("\n");
    return send(reply, "application/xml; charset=utf-8", xml);
  });

  app.get("/robots.txt", { schema: { hide: true } }, async (_req, reply) =>
    send(reply, "text/plain; charset=utf-8", ["User-agent: *", "Disallow: /editor", "Disallow: /account", "Disallow: /login", "Disallow: /comments/", "Disallow: /api/", `Sitemap: ${base}/sitemap.xml`, ""].join("\n")),
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
