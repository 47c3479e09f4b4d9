import { siteChrome } from "../../views/site-chrome.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { search, SEARCH_PAGE_SIZE, type SearchKind } from "../../domain/search/search.js";
import { Layout } from "../../views/layout.js";
import { SearchPage } from "../../views/search-page.js";
import type { AppDeps } from "../deps.js";
import { renderDocument } from "../render.js";
import { floodGuard } from "../plugins/flood-guard.js";

/** Full-text search over posts and comments, with highlighted snippets and pages. */
export function registerSearchPage(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { q?: string; kind?: SearchKind; page?: number } }>(
    "/search",
    {
      // Each query reads the whole index (some 12 ms of a core on 100,000 comments): one network
      // may not keep a core busy with them. Over the limit, 429 with Retry-After.
      onRequest: floodGuard(deps, "search"),
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          kind: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("posts"), Type.Literal("comments")])),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query.q ?? "";
      const kind = req.query.kind ?? "all";
      const page = req.query.page ?? 1;
      const site = await deps.sites.getSite(OWN_SITE_ID);
      const result = await search(deps, { siteId: site.id, q, kind, page });
      return reply.type("text/html; charset=utf-8").send(
        renderDocument(
          <Layout title={q ? `Search: ${q}` : "Search"} siteName={site.name}>
            <SearchPage q={q} kind={kind} page={page} pageSize={SEARCH_PAGE_SIZE} posts={result.posts} comments={result.comments} timeZone={siteChrome().timeZone} />
          </Layout>,
        ),
      );
    },
  );
}
