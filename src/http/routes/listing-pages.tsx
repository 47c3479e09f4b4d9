import { siteChrome } from "../../views/site-chrome.js";
import { isPostPublic } from "../../domain/posts/post.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { Type } from "@sinclair/typebox";
import { Id } from "../schemas/id.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { monthBounds } from "../../domain/posts/archive.js";
import { getSidebar } from "../../domain/posts/get-sidebar.js";
import { discussionAccess } from "../../domain/threads/access.js";
import { FrontPage } from "../../views/front-page.js";
import { Layout } from "../../views/layout.js";
import { Sidebar } from "../../views/sidebar.js";
import { cacheKeys, filledBody, SITE_WIDE, type RenderedCache } from "../cache/rendered-cache.js";
import { cutSlots } from "../cache/slotted.js";
import type { AppDeps } from "../deps.js";
import { renderDocument } from "../render.js";

const PAGE_SIZE = 10;
/** Listings show view counts; they may lag this much behind (a new comment or post refreshes them at once). */
const LISTING_TTL_MS = 5_000;

interface Listing {
  readonly path: string;
  readonly title?: string | undefined;
  readonly label?: string | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly before?: number | undefined;
  /** With `before`: the last post of the newer page (posts of one time are told apart by id). */
  readonly beforeId?: number | undefined;
  readonly openMonth?: string | undefined;
}

/** The front page, label pages and month archives: newest posts under date headers, with the sidebar. */
export function registerListingPages(app: FastifyInstance, deps: AppDeps, cache: RenderedCache): void {
  const before = Type.Object({ before: Type.Optional(Type.Integer({ minimum: 0 })), beforeId: Type.Optional(Id()) });

  async function send(reply: FastifyReply, listing: Listing) {
    const key = cacheKeys.listing(`${listing.path}?${listing.before ?? ""}${listing.beforeId === undefined ? "" : `.${listing.beforeId}`}`);
    const cached = await cache.get(key, async () => {
      const now = deps.clock.now();
      const upper = Math.min(listing.before ?? now + 1, listing.until ?? now + 1, now + 1);
      const cursorHolds = listing.before !== undefined && upper === listing.before;
      const rows = await deps.posts.listPublishedPosts({ before: upper, beforeId: cursorHolds ? listing.beforeId : undefined, limit: PAGE_SIZE + 1, label: listing.label, since: listing.since });
      const site = await deps.sites.getSite(OWN_SITE_ID);
      const posts = rows.slice(0, PAGE_SIZE).map((s) => ({
        post: s.post,
        viewCount: deps.views.totalFor(s.post.threadId, s.viewCount),
        // The count of a discussion readers may not see is not shown either.
        commentCount: discussionAccess({ thread: { mode: s.threadMode, createdAt: s.post.createdAt }, post: s.post, site, now }).visible ? s.commentCount : null,
      }));
      const oldest = posts[posts.length - 1]?.post;
      const sidebar = await getSidebar(deps, { timeZone: siteChrome().timeZone });
      const feed = listing.label ? `/labels/${encodeURIComponent(listing.label)}/feed.atom` : undefined;
      const html = renderDocument(
        <Layout
          title={listing.title ?? site.name}
          siteName={site.name}
          canonical={`${deps.config.publicUrl}${listing.path}`}
          head={feed ? <link rel="alternate" type="application/atom+xml" title={`${listing.title} (Atom)`} href={feed} /> : null}
        >
          <div class="with-sidebar">
            <FrontPage
              heading={listing.title}
              posts={posts}
              timeZone={siteChrome().timeZone}
              olderHref={rows.length > PAGE_SIZE && oldest?.publishedAt ? `${listing.path}?before=${oldest.publishedAt}&beforeId=${oldest.id}` : null}
              newerHref={listing.before ? listing.path : null}
            />
            <Sidebar data={sidebar} openMonth={listing.openMonth} />
          </div>
        </Layout>,
      );
      return { threadId: SITE_WIDE, siteId: OWN_SITE_ID, storedViews: 0, page: cutSlots(html), expiresAt: now + LISTING_TTL_MS };
    });
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(cached ? filledBody(cached, {}) : "");
  }

  const front = Type.Object({ before: Type.Optional(Type.Integer({ minimum: 0 })), beforeId: Type.Optional(Id()), p: Type.Optional(Type.String({ maxLength: 20 })) });
  app.get<{ Querystring: { before?: number; beforeId?: number; p?: string } }>("/", { schema: { hide: true, querystring: front } }, async (req, reply) => {
    // WordPress's /?p=123 of an imported post: sent on to where it lives now.
    if (req.query.p !== undefined && /^\d{1,12}$/.test(req.query.p)) {
      const moved = await deps.posts.findPostByOldPath(`/?p=${req.query.p}`);
      if (moved && isPostPublic(moved, deps.clock.now())) return reply.redirect(`/posts/${encodeURIComponent(moved.slug)}`, 301);
    }
    return send(reply, { path: "/", before: req.query.before, beforeId: req.query.beforeId });
  });

  app.get<{ Params: { label: string }; Querystring: { before?: number; beforeId?: number } }>(
    "/labels/:label",
    { schema: { hide: true, querystring: before, params: Type.Object({ label: Type.String({ minLength: 1, maxLength: 40 }) }) } },
    async (req, reply) => {
      const label = req.params.label.toLowerCase();
      return send(reply, { path: `/labels/${encodeURIComponent(label)}`, label, title: `Posts labelled “${label}”`, before: req.query.before, beforeId: req.query.beforeId });
    },
  );

  app.get<{ Params: { year: number; month: number }; Querystring: { before?: number; beforeId?: number } }>(
    "/archive/:year/:month",
    { schema: { hide: true, querystring: before, params: Type.Object({ year: Type.Integer({ minimum: 1970, maximum: 9999 }), month: Type.Integer({ minimum: 1, maximum: 12 }) }) } },
    async (req, reply) => {
      const { year, month } = req.params;
      const mm = String(month).padStart(2, "0");
      const { since, until } = monthBounds(year, month, siteChrome().timeZone);
      const title = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 15));
      return send(reply, { path: `/archive/${year}/${mm}`, title: `Posts from ${title}`, since, until, before: req.query.before, beforeId: req.query.beforeId, openMonth: `${year}-${mm}` });
    },
  );
}
