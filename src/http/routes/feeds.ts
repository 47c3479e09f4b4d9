import { OWN_SITE_ID } from "../../domain/sites/site.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { anchorOf, type Comment } from "../../domain/comments/comment.js";
import { listRecentComments } from "../../domain/comments/list-recent-comments.js";
import type { Post, PostSummary } from "../../domain/posts/post.js";
import { isPostPublic } from "../../domain/posts/post.js";
import { DomainError } from "../../domain/shared/errors.js";
import { findDiscussion } from "../../domain/threads/find-discussion.js";
import type { AppDeps } from "../deps.js";
import { writeAtom, writeRss, xmlSafe, type FeedDoc, type FeedEntry } from "../feeds/feed-writer.js";

const FEED_SIZE = 30;
const ATOM = "application/atom+xml; charset=utf-8";
const RSS = "application/rss+xml; charset=utf-8";
const SITE = OWN_SITE_ID;

/** Atom and RSS for posts (site-wide and per label), Atom for comments, sitemap.xml and robots.txt. */
export function registerFeeds(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl;
  const postUrl = (p: Pick<Post, "slug">) => `${base}/posts/${encodeURIComponent(p.slug)}`;
  const siteName = async () => (await deps.sites.getSite(SITE)).name;

  async function postsFeed(label: string | undefined): Promise<FeedDoc> {
    const posts = await deps.posts.listPublishedPosts({ before: deps.clock.now() + 1, limit: FEED_SIZE, label });
    const name = await siteName();
    const path = label ? `/labels/${encodeURIComponent(label)}` : "";
    const self = label ? `${base}${path}/feed` : `${base}/feeds/posts`;
    const writers = new Map<number, Promise<string | undefined>>();
    const writerOf = (id: number | null) => {
      if (id === null) return Promise.resolve(undefined);
      if (!writers.has(id)) writers.set(id, deps.users.findUserById(id).then((u) => u?.displayName));
      return writers.get(id) as Promise<string | undefined>;
    };
    const entries: FeedEntry[] = [];
    for (const { post } of posts) {
      entries.push({
        id: postUrl(post),
        link: postUrl(post),
        title: post.title,
        published: post.publishedAt ?? post.createdAt,
        updated: Math.max(post.updatedAt, post.publishedAt ?? 0),
        author: (await writerOf(post.authorId)) ?? name,
        summary: post.standfirst ?? undefined,
        contentHtml: post.bodyHtml,
        categories: post.labels,
      });
    }
    return { title: label ? `${name}: ${label}` : name, link: `${base}${path || "/"}`, self: { atom: `${self}.atom`, rss: `${self}.rss` }, author: name, language: "en", entries, emptyUpdated: deps.clock.now() };
  }

  const send = (reply: FastifyReply, type: string, body: string) => reply.type(type).header("cache-control", "public, max-age=300").send(body);
  const labelOf = (raw: string) => raw.toLowerCase();

  app.get("/feeds/posts.atom", { schema: { hide: true } }, async (_req, reply) => send(reply, ATOM, writeAtom(await postsFeed(undefined))));
  app.get("/feeds/posts.rss", { schema: { hide: true } }, async (_req, reply) => send(reply, RSS, writeRss(await postsFeed(undefined))));
  app.get<{ Params: { label: string } }>("/labels/:label/feed.atom", { schema: { hide: true } }, async (req, reply) => send(reply, ATOM, writeAtom(await postsFeed(labelOf(req.params.label)))));
  app.get<{ Params: { label: string } }>("/labels/:label/feed.rss", { schema: { hide: true } }, async (req, reply) => send(reply, RSS, writeRss(await postsFeed(labelOf(req.params.label)))));

  async function commentsFeed(comments: Comment[], title: string, self: string, link: string): Promise<string> {
    const discussions = new Map<number, Awaited<ReturnType<typeof findDiscussion>>>();
    const entries: FeedEntry[] = [];
    for (const c of comments) {
      if (!discussions.has(c.threadId)) discussions.set(c.threadId, await findDiscussion(deps, c.threadId));
      const d = discussions.get(c.threadId);
      if (!d?.post || !d.access.visible) continue;
      const url = `${postUrl(d.post)}#${anchorOf(c.numberPath)}`;
      const author = c.authorName ?? "Anonymous";
      entries.push({
        id: url,
        link: url,
        title: `${author} on “${d.post.title}” (#${c.numberPath.join(".")})`,
        published: c.createdAt,
        updated: c.editedAt ?? c.createdAt,
        author,
        contentHtml: c.bodyHtml,
      });
    }
    return writeAtom({ title, link, self: { atom: `${base}${self}` }, author: await siteName(), language: "en", entries, emptyUpdated: deps.clock.now() });
  }

  app.get("/feeds/comments.atom", { schema: { hide: true } }, async (_req, reply) =>
    send(reply, ATOM, await commentsFeed(await listRecentComments(deps, { siteId: SITE, limit: FEED_SIZE }), `${await siteName()}: comments`, "/feeds/comments.atom", `${base}/`)),
  );

  app.get<{ Params: { slug: string } }>("/posts/:slug/comments.atom", { schema: { hide: true } }, async (req, reply) => {
    const post = await deps.posts.findPostBySlug(req.params.slug);
    if (!post || !isPostPublic(post, deps.clock.now())) throw new DomainError("not_found", "There is no such post.");
    const comments = await listRecentComments(deps, { siteId: post.siteId, threadId: post.threadId, limit: FEED_SIZE });
    return send(reply, ATOM, await commentsFeed(comments, `Comments on “${post.title}”`, `/posts/${encodeURIComponent(post.slug)}/comments.atom`, postUrl(post)));
  });

  app.get("/sitemap.xml", { schema: { hide: true } }, async (_req, reply) => {
    const all: PostSummary[] = [];
    for (let before = deps.clock.now() + 1, beforeId: number | undefined; ; ) {
      const page = await deps.posts.listPublishedPosts({ before, beforeId, limit: 500 });
      all.push(...page);
      const last = page[page.length - 1]?.post;
      if (page.length < 500 || !last || last.publishedAt === null || all.length >= 50_000) break;
      // Posts of one time may straddle the pages: the next page starts after this one's last post.
      [before, beforeId] = [last.publishedAt, last.id];
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
  return xmlSafe(text).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
