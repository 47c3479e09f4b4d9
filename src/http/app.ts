import { isPostPublic } from "../domain/posts/post.js";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyMultipart from "@fastify/multipart";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import http from "node:http";
import zlib from "node:zlib";
import fastifyCompress from "@fastify/compress";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { makeFastPath } from "./cache/fast-path.js";
import { FloodGate } from "./plugins/flood-gate.js";
import { MAX_IMAGE_BYTES } from "../domain/media/upload-image.js";
import { RenderedCache } from "./cache/rendered-cache.js";
import { makeClientAddress, makeProxyTrust, makeTrustedPeer } from "./client.js";
import { makeRequestIdGenerator, registerRequestIds } from "./plugins/request-ids.js";
import type { AppDeps } from "./deps.js";
import { registerErrorHandling } from "./error-handler.js";
import { BODY_LIMIT, registerBodyParsers } from "./plugins/body-parsers.js";
import { registerAddressText } from "./plugins/address-text.js";
import { registerLocationHeader } from "./plugins/location-header.js";
import { registerSecurityHeaders } from "./plugins/security-headers.js";
import { registerWriteGuard } from "./plugins/write-guard.js";
import { validationOptions } from "./plugins/validation.js";
import { registerMastheadAccount } from "./masthead.js";
import { floodActionOfHook } from "./plugins/flood-guard.js";
import { registerSiteChrome } from "./site-chrome.js";
import { isPermissionGuarded, registerSessions } from "./plugins/sessions.js";
import { registerCommentApi } from "./routes/api-comments.js";
import { registerPostWriteApi } from "./routes/api-post-writes.js";
import { registerApiTokenPages } from "./routes/api-token-pages.js";
import { registerUserAdminPages } from "./routes/user-admin-pages.js";
import { registerSiteSettingsPages } from "./routes/site-settings-pages.js";
import { registerMediaLibrary } from "./routes/media-library-pages.js";
import { registerWatchWordApi } from "./routes/api-watch-words.js";
import { registerPostApi } from "./routes/api-posts.js";
import { registerViewApi } from "./routes/api-views.js";
import { registerAssets } from "./routes/assets.js";
import { registerAccountPages } from "./routes/account-pages.js";
import { registerReaderAccountPages } from "./routes/reader-account-pages.js";
import { registerMailPages } from "./routes/mail-pages.js";
import { registerSubscriptionPages } from "./routes/subscription-pages.js";
import { registerCommentPages } from "./routes/comment-pages.js";
import { registerEditorPages } from "./routes/editor-pages.js";
import { registerFeeds } from "./routes/feeds.js";
import { registerMedia } from "./routes/media.js";
import { registerSearchPage } from "./routes/search-page.js";
import { registerListingPages } from "./routes/listing-pages.js";
import { registerHealth } from "./routes/health.js";
import { registerPostPages } from "./routes/post-pages.js";
import { registerVoteRoutes } from "./routes/votes.js";
import { ScoreCache } from "./cache/score-cache.js";
import { registerEmbed } from "./routes/embed.js";
import { EmbedFastPath } from "./cache/embed-fast-path.js";
import { registerPageThreadApi } from "./routes/api-page-threads.js";
import { registerSitePages } from "./routes/site-pages.js";
import { registerEmbedSignIn } from "./routes/embed-sign-in.js";
import { registerImportPages } from "./routes/import-pages.js";
import { ImportJobs } from "../imports/import-jobs.js";
import { registerModerationPages } from "./routes/moderation-pages.js";
import { registerModerationApi } from "./routes/api-moderation.js";
import { registerLiveEvents } from "./routes/live-events.js";
import { LiveThreads } from "./live/live-threads.js";
import { Metrics } from "./metrics.js";
import { PublicComment } from "./schemas/comment.js";

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly pageCache: RenderedCache;
  readonly live: LiveThreads;
}

/** Builds the HTTP application around its dependencies. Never listens: main.ts or a test does. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean | object; liveHeartbeatMs?: number } = {}): Promise<BuiltApp> {
  const pageCache = new RenderedCache(() => deps.clock.now());
  const scoreCache = new ScoreCache(deps.votes, () => deps.clock.now());
  const live = new LiveThreads(deps, options.liveHeartbeatMs !== undefined ? { heartbeatMs: options.liveHeartbeatMs } : {}, {
    perNetwork: deps.config.liveStreamsPerNetwork,
    total: deps.config.liveStreamsMax,
  });
  const metrics = new Metrics(deps, live);
  const clientAddress = makeClientAddress(deps.config.trustedProxies);
  const trusted = makeProxyTrust(deps.config.trustedProxies);
  const floodGate = new FloodGate(() => deps.clock.now(), clientAddress, deps.config.publicUrl.startsWith("https:"));
  const fastPath = makeFastPath({
    cache: pageCache,
    scores: scoreCache,
    views: deps.views,
    now: () => deps.clock.now(),
    https: deps.config.publicUrl.startsWith("https:"),
    ownHost: new URL(deps.config.publicUrl).hostname.replace(/^www\./, ""),
    clientAddress,
  });
  const embedFast = new EmbedFastPath({
    cache: pageCache,
    scores: scoreCache,
    views: deps.views,
    now: () => deps.clock.now(),
    https: deps.config.publicUrl.startsWith("https:"),
    ownOrigin: new URL(deps.config.publicUrl).origin,
    clientAddress,
  });
  const app = Fastify({
    // Cached pages for anonymous readers are answered before Fastify's lifecycle (see fast-path.ts).
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        // Nothing catches a throw here but the process: a request these paths cannot answer goes
        // to Fastify (which answers it as the routes do) and is logged, and the server serves on.
        try {
          // Plain integers here: these two paths answer in microseconds, and a histogram would show.
          if (floodGate.turnAway(req, res)) return void metrics.gated++;
          if (fastPath(req, res) || embedFast.serve(req, res)) return void metrics.fastPathHits++;
        } catch (err) {
          app.log.error({ err, method: req.method, path: (req.url ?? "").split("?")[0] }, "a request failed before the framework; Fastify answers it");
          if (res.headersSent) return void res.destroy();
        }
        handler(req, res);
      }),
    logger: options.logger ?? false,
    // Fastify's two lines per request are replaced by one of ours (request-ids.ts).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: makeRequestIdGenerator(makeTrustedPeer(deps.config.trustedProxies)),
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For is believed only from configured proxies; otherwise anyone could pick their IP.
    trustProxy: deps.config.trustedProxies.length > 0 ? (address: string) => trusted(address) : false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    ...validationOptions(),
  });
  const site = await deps.sites.getSite(OWN_SITE_ID);
  registerRequestIds(app);
  registerErrorHandling(app, () => site.name, async (address) => {
    const post = await deps.posts.findPostByOldPath(address);
    return post && isPostPublic(post, deps.clock.now()) ? `/posts/${encodeURIComponent(post.slug)}` : undefined;
  });
  app.decorate("floodGate", floodGate);
  // The gate turns floods away before Fastify: it learns the limited routes from the routes themselves.
  app.addHook("onRoute", (route) => {
    for (const hook of [route.onRequest ?? []].flat()) {
      const action = floodActionOfHook(hook);
      if (action) for (const method of [route.method].flat()) floodGate.learn(method, route.url, action);
    }
  });
  app.decorate("metrics", metrics);
  metrics.register(app, deps.config.metricsToken);
  app.decorateRequest("floodRefusal", null);
  registerBodyParsers(app);
  registerAddressText(app);
  registerLocationHeader(app);
  registerWriteGuard(app, deps.config.publicUrl);
  app.addSchema(PublicComment);

  registerSecurityHeaders(app, { https: deps.config.publicUrl.startsWith("https:") });
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  await app.register(fastifyCsrf, { cookieOpts: { signed: true, httpOnly: true, sameSite: "lax", path: "/" } });
  registerSessions(app, deps);
  registerMastheadAccount(app, deps);
  // After every hook that changes a body (the masthead's account above): compression is the last.
  // Cached pages for anonymous readers are compressed once instead, by the fast path (fast-path.ts).
  await app.register(fastifyCompress, { encodings: ["br", "gzip", "deflate"], threshold: 1024, brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Broadsheet API",
        version: "1",
        description:
          "Posts, threads, comments, votes, views and moderation. Errors are application/problem+json (RFC 9457) with the field at fault. " +
          "Readers' writes come from our own pages (same origin, JSON bodies). Scripts and integrations use a staff API token: " +
          "`Authorization: Bearer bst_…`, made on the account page, with the scopes read, write:posts and moderate.",
      },
      tags: [
        { name: "posts", description: "Published posts; editors' drafts and writes" },
        { name: "threads", description: "Discussions, for our posts and for embedding sites' pages" },
        { name: "comments", description: "Reading, posting, editing, voting on and reporting comments" },
        { name: "embedding", description: "Staff: more addresses for an embedded page's discussion, and merging two" },
        { name: "views", description: "The view counter" },
        { name: "moderation", description: "The queue and moderators' actions" },
      ],
      components: {
        securitySchemes: {
          apiToken: {
            type: "http",
            scheme: "bearer",
            description:
              "A staff API token (bst_…), shown once when it is made on the account page; it acts as its member, never beyond their role, within its scopes: " +
              "read (any GET that needs a permission), write:posts (posts), moderate (moderation and the word list). Revoked or expired tokens answer 401.",
          },
          session: { type: "apiKey", in: "cookie", name: "bs_session", description: "A signed-in browser's session (our own pages)." },
        },
      },
    },
    // Only the JSON API: the HTML pages, feeds and assets are not part of it.
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      if (!url.startsWith("/api/v1/")) return { schema: { ...schema, hide: true }, url };
      // Routes behind a permission take a staff token or a signed-in session; the rest are public.
      return { schema: isPermissionGuarded(route) ? { ...schema, security: [{ apiToken: [] }, { session: [] }] } : schema, url };
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  deps.events.subscribe((e) => pageCache.onEvent(e));
  await registerSiteChrome(app, deps, () => pageCache.clear());
  deps.events.subscribe((e) => {
    live.onEvent(e).catch((err: unknown) => app.log.error({ err }, "live thread event failed"));
  });
  // Streams end before the server stops accepting, so shutdown does not wait on open readers.
  app.addHook("preClose", async () => live.close());

  registerHealth(app, deps);
  await registerAssets(app);
  registerListingPages(app, deps, pageCache);
  registerPostPages(app, deps, pageCache, scoreCache);
  registerVoteRoutes(app, deps, scoreCache);
  await registerEmbed(app, deps, pageCache, embedFast, scoreCache);
  registerPageThreadApi(app, deps);
  registerSitePages(app, deps);
  registerEmbedSignIn(app, deps);
  await registerImportPages(app, deps, new ImportJobs(deps));
  registerCommentPages(app, deps);
  // Multipart (the post form with its lead image, the settings with a logo) only where it is used: its hook costs every request.
  await app.register(async (editor) => {
    await editor.register(fastifyMultipart, {
      attachFieldsToBody: "keyValues",
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fields: 60, fieldSize: 1024 * 1024, parts: 61 },
    });
    registerEditorPages(editor, deps);
    registerMediaLibrary(editor, deps);
    registerSiteSettingsPages(editor, deps);
  });
  registerFeeds(app, deps);
  registerSearchPage(app, deps);
  registerMedia(app, deps);
  registerAccountPages(app, deps);
  registerApiTokenPages(app, deps);
  registerUserAdminPages(app, deps);
  registerReaderAccountPages(app, deps);
  registerMailPages(app, deps);
  registerSubscriptionPages(app, deps);
  registerPostApi(app, deps);
  registerPostWriteApi(app, deps);
  registerCommentApi(app, deps, pageCache);
  registerViewApi(app, deps);
  registerModerationPages(app, deps);
  registerModerationApi(app, deps);
  registerWatchWordApi(app, deps);
  registerLiveEvents(app, deps, live);
  return { app, pageCache, live };
}
