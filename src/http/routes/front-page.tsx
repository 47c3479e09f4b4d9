import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { FrontPage } from "../../views/front-page.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { renderDocument } from "../render.js";

const PAGE_SIZE = 10;

/** The front page: newest posts under date headers, "Older posts" by a time cursor. */
export function registerFrontPage(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { before?: number } }>(
    "/",
    { schema: { hide: true, querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 0 })) }) } },
    async (req, reply) => {
      const now = deps.clock.now();
      const before = Math.min(req.query.before ?? now + 1, now + 1);
      const rows = await deps.posts.listPublishedPosts({ before, limit: PAGE_SIZE + 1 });
      const posts = rows.slice(0, PAGE_SIZE).map((s) => ({ ...s, viewCount: deps.views.totalFor(s.post.threadId, s.viewCount) }));
      const oldest = posts[posts.length - 1]?.post.publishedAt;
      const olderHref = rows.length > PAGE_SIZE && oldest ? `/?before=${oldest}` : null;
      const site = await deps.sites.getSite(1);
      return reply.type("text/html; charset=utf-8").send(
        renderDocument(
          <Layout title={site.name} siteName={site.name} canonical={`${deps.config.publicUrl}/`}>
            <FrontPage posts={posts} timeZone={deps.config.timeZone} olderHref={olderHref} newerHref={req.query.before ? "/" : null} />
          </Layout>,
        ),
      );
    },
  );
}
