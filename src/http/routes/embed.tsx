import { parseId, NO_ID } from "../../domain/shared/ids.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { pageStartAt, readingPage } from "../../domain/comments/reading-page.js";
import { buildThreadTree } from "../../domain/comments/thread-tree.js";
import { findEmbeddingSite, openPageThread } from "../../domain/embeds/open-page-thread.js";
import { hashNetwork } from "../../domain/moderation/network.js";
import { normalisePageUrl } from "../../domain/embeds/page-url.js";
import { anchorOf } from "../../domain/comments/comment.js";
import { isDomainError } from "../../domain/shared/errors.js";
import type { Site } from "../../domain/sites/site.js";
import { LANGUAGES } from "../../domain/sites/languages.js";
import { discussionAccess } from "../../domain/threads/access.js";
import { findDiscussion } from "../../domain/threads/find-discussion.js";
import { EmbedPage, type EmbedTheme } from "../../views/embed-page.js";
import { MessagePage } from "../../views/message-page.js";
import { filledBody, type RenderedCache } from "../cache/rendered-cache.js";
import { scoreFallback, type ScoreCache } from "../cache/score-cache.js";
import type { VoteMode } from "../../domain/sites/site.js";
import { cutSlots, fillSlots } from "../cache/slotted.js";
import type { EmbedFastPath } from "../cache/embed-fast-path.js";
import { postFromForm, type CommentFormFields } from "../comment-form.js";
import { problemText } from "../../views/i18n/problems.js";
import { referrerHostOf, userAgentOf } from "../client.js";
import type { FormState } from "../../views/comment-form.js";
import { floodCount, floodGuard } from "../plugins/flood-guard.js";
import { Type } from "@sinclair/typebox";
import { signInWithSso } from "../../domain/embeds/sso-sign-in.js";
import type { AppDeps } from "../deps.js";
import { embedCsp } from "../plugins/security-headers.js";
import { problem, STATUS_OF } from "../problem.js";
import { presentTree } from "../presenters/comment.js";
import { discussionPageHref, discussionPageLinks } from "../pages/discussion-page-links.js";
import { renderDocument } from "../render.js";
import { builtAsset } from "./assets.js";
import { assetUrl } from "../../views/asset-urls.js";

type EmbedQuery = {
  Querystring: { site?: string; url?: string; title?: string; host?: string; theme?: string; lang?: string; accent?: string; ink?: string; paper?: string; link?: string; after?: string };
};

const THEMES: readonly EmbedTheme[] = ["light", "dark", "auto"];
const COLOUR_NAMES = ["accent", "ink", "paper", "link"] as const;
/** A colour the host page may set: hex, or rgb()/hsl() with plain numbers. Nothing else reaches CSS. */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\(\s*[\d.]+%?(\s*[,\s/]\s*[\d.]+%?){2,3}\s*\))$/i;
const MAX_COUNTER_URLS = 50;
/** How stale a counter may be: comments and readers counted at most this long ago. */
const COUNTS_TTL_MS = 3_000;

/**
 * Embedding: /embed.js (the loader a host page includes), the discussion document its iframe
 * shows, a stylesheet of the host's colours, and the counters for a host's index pages.
 */
export async function registerEmbed(app: FastifyInstance, deps: AppDeps, cache: RenderedCache, fast: EmbedFastPath, scores: ScoreCache): Promise<void> {
  const loader = builtAsset("embed-loader.js");
  const ownHosts = new Set([new URL(deps.config.publicUrl).hostname.replace(/^www\./, "")]);
  const commentFlood = floodCount(deps, "comment");
  // Page addresses (as the widget sent them, per site) to their threads, for the reading fast path.
  // Forgotten when threads move (a merge, a new address) or sites change; bounded, oldest out first.
  const pageThreads = new Map<string, { threadId: number; url: string; title: string }>();
  const remember = (address: string, page: { threadId: number; url: string; title: string }) => {
    if (pageThreads.size >= 10_000) pageThreads.delete(pageThreads.keys().next().value as string);
    pageThreads.set(address, page);
  };
  deps.events.subscribe((e) => {
    if (e.type === "thread.changed" || e.type === "site.changed" || e.type === "events.gap") {
      pageThreads.clear();
      fast.forget();
    }
  });
  const counted = new Map<string, { body: string; until: number }>();
  const policies = new Map<string, string>();
  const cspOf = (origins: readonly string[]) => {
    const key = origins.join(" ");
    let csp = policies.get(key);
    if (csp === undefined) {
      if (policies.size > 1000) policies.clear();
      policies.set(key, (csp = embedCsp(origins)));
    }
    return csp;
  };
  const ownOrigin = new URL(deps.config.publicUrl).origin;

  app.get("/embed.js", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=300").header("cross-origin-resource-policy", "cross-origin").send(loader),
  );

  app.get<EmbedQuery>("/embed/thread", { config: { embeddable: true } }, async (req, reply) => {
    const q = req.query;
    const site = await siteOrRefusal(reply, q.site);
    if (!site) return reply;
    // The page embedding us must be one of the site's: its origin as the loader saw it, and as the
    // browser's Referer says when it sends one. A page elsewhere gets nothing and creates nothing.
    const embedder = embedderOrigin(req, ownOrigin);
    const host = String(q.host ?? "");
    if (!site.origins.includes(host) || (embedder !== undefined && embedder !== host)) {
      return refuse(reply, site.origins, 403, `This page's origin (${embedder ?? host}) is not one of the origins allowed to embed ${site.name}'s discussions.`);
    }
    // Which thread this address is: remembered, so a reader's request reads nothing but the page cache.
    const address = `${site.id}\n${String(q.url ?? "")}`;
    let known = pageThreads.get(address);
    if (!known) {
      try {
        const opened = await openPageThread(deps, { siteKey: site.publicKey, url: String(q.url ?? ""), title: q.title, networkHash: hashNetwork(deps.hasher, deps.networkSecret, req.ip) });
        known = { threadId: opened.thread.id, url: opened.url, title: opened.thread.page?.title ?? opened.url };
      } catch (err) {
        if (!isDomainError(err)) throw err;
        if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
        return refuse(reply, site.origins, STATUS_OF[err.code], err.message);
      }
      remember(address, known);
    }
    const page = known;
    const theme = THEMES.find((t) => t === q.theme) ?? "light";
    const lang = LANGUAGES.find((l) => l === q.lang) ?? site.language;
    const colours = colourQuery(q);
    const threadId = page.threadId;
    // A later page of a discussion too long for one: only a page start is a page (reading-page.ts).
    const afterRoot = parseId(q.after);
    const key = `embed:${threadId}:${theme}:${lang}:${host}:${colours}${afterRoot === undefined ? "" : `#after=${afterRoot}`}`;
    const query = embedQueryOf(site, page.url, host, theme, q.lang, colours);
    if (afterRoot !== undefined && !cache.peek(key)) {
      const start = await pageStartAt(deps, threadId, { afterRoot });
      if (start !== afterRoot) return reply.redirect(discussionPageHref("/embed/thread", query, start), 302);
    }
    const cached = await cache.get(key, async () => {
      const view: EmbedView = { threadId, siteKey: site.publicKey, title: page.title, theme, lang, host, colours, query, afterRoot };
      const html = await renderEmbed(view);
      if (!html) return undefined;
      return { threadId, siteId: site.id, storedViews: html.storedViews, page: cutSlots(html.html), expiresAt: deps.clock.now() + cache.ttl, votes: html.votes };
    });
    if (!cached) return refuse(reply, site.origins, 404, "This discussion does not exist.");
    fast.rememberFrame(req.url, { cacheKey: key, threadId, siteId: site.id, host, csp: cspOf(site.origins) });
    deps.views.record(threadId, site.id, req.ip, userAgentOf(req), referrerHostOf(req, ownHosts));
    const values = { views: String(deps.views.totalFor(threadId, cached.storedViews)), served: String(Math.floor(deps.clock.now() / 1000) * 1000) };
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("content-security-policy", cspOf(site.origins))
      .send(filledBody(cached, values, await scores.slotValues(threadId, cached.votes ?? "none")));
  });

  // The plain form inside the frame, for readers without JavaScript (the script posts through the API).
  app.post<EmbedQuery & { Params: { id: string }; Body: CommentFormFields }>(
    "/embed/threads/:id/comments",
    { onRequest: commentFlood },
    async (req, reply) => {
      const form = req.body ?? {};
      const threadId = parseId(req.params.id) ?? NO_ID;
      const q = req.query;
      const site = await siteOrRefusal(reply, q.site);
      if (!site) return reply;
      const d = Number.isSafeInteger(threadId) ? await findDiscussion(deps, threadId) : undefined;
      const host = String(q.host ?? "");
      if (!d || d.site.id !== site.id || !d.thread.page || !site.origins.includes(host)) return refuse(reply, site.origins, 404, "This discussion does not exist.");
      const theme = THEMES.find((t) => t === q.theme) ?? "light";
      const lang = LANGUAGES.find((l) => l === q.lang) ?? site.language;
      const colours = colourQuery(q);
      const view: EmbedView = { threadId, siteKey: site.publicKey, title: d.thread.page.title, theme, lang, host, colours, query: embedQueryOf(site, d.thread.page.url, host, theme, q.lang, colours) };
      try {
        const { comment } = await postFromForm(deps, req, threadId, form);
        return reply.redirect(`/embed/thread?${view.query}#${anchorOf(comment.numberPath)}`, 303);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        const page = await renderEmbed(view, { values: form, error: { field: err.field, message: problemText(view.lang, err.text, err.message) } });
        if (!page) return refuse(reply, site.origins, 404, "This discussion does not exist.");
        if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
        return reply
          .status(STATUS_OF[err.code])
          .type("text/html; charset=utf-8")
          .header("content-security-policy", embedCsp(site.origins))
          .send(fillSlots(cutSlots(page.html), { views: String(deps.views.totalFor(threadId, page.storedViews)), served: String(deps.clock.now()), ...(await scores.slotValues(threadId, page.votes)).values }, scoreFallback));
      }
    },
  );

  // Single sign-on: the frame hands over the token its host page's site signed; the answer is a
  // session token the frame sends as a header (a cookie would be third-party there, and blocked).
  app.post<{ Body: { site: string; token: string } }>(
    "/api/v1/embed/sso",
    {
      onRequest: floodGuard(deps, "login"),
      schema: {
        tags: ["embedding"],
        summary: "Sign in a reader an embedding site vouches for (HS256 token signed with the site's secret)",
        body: Type.Object({ site: Type.String({ maxLength: 100 }), token: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const session = await signInWithSso(deps, { siteKey: req.body.site, token: req.body.token });
      return { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), displayName: session.displayName };
    },
  );

  app.get<EmbedQuery>("/embed/colours.css", async (req, reply) => {
    const rules = COLOUR_NAMES.flatMap((name) => {
      const v = req.query[name];
      return typeof v === "string" && COLOUR.test(v) ? [`--${name}:${v}`] : [];
    });
    return reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(`:root,html[data-theme]{${rules.join(";")}}\n`);
  });

  // Counters for a host's index pages: comments shown and distinct readers, for up to 50 pages.
  app.get<{ Querystring: { site?: string; url?: string | string[] } }>("/api/v1/embed/counts", async (req, reply) => {
    let site: Site;
    try {
      site = await findEmbeddingSite(deps, String(req.query.site ?? ""));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      return reply.status(404).type("application/problem+json").send(problem("not_found", err.message, "site"));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !site.origins.includes(origin)) {
      // No Access-Control-Allow-Origin: the browser keeps the answer from the page, and says so.
      return reply.status(403).type("application/problem+json").send(problem("forbidden", `${origin} is not allowed to embed ${site.name}'s discussions.`, "origin"));
    }
    if (origin !== undefined) reply.header("access-control-allow-origin", origin).header("vary", "origin");
    const asked = [req.query.url ?? []].flat().slice(0, MAX_COUNTER_URLS + 1);
    if (asked.length > MAX_COUNTER_URLS) {
      return reply.status(400).type("application/problem+json").send(problem("invalid_input", `Ask for at most ${MAX_COUNTER_URLS} pages at once.`, "url"));
    }
    // Every visitor of an index page asks for the same addresses: the answer is kept a few seconds.
    const key = `${site.id}\n${asked.join("\n")}`;
    const now = deps.clock.now();
    let answer = counted.get(key);
    if (!answer || answer.until <= now) {
      answer = { body: JSON.stringify({ pages: await countPages(site, asked, now) }), until: now + COUNTS_TTL_MS };
      if (counted.size >= 5_000) counted.delete(counted.keys().next().value as string);
      counted.set(key, answer);
    }
    fast.rememberCounts(req.url, { origins: site.origins, read: (at) => {
      const kept = counted.get(key);
      return kept && kept.until > at ? kept.body : undefined;
    } });
    return reply.header("cache-control", `public, max-age=${COUNTS_TTL_MS / 1000}`).type("application/json; charset=utf-8").send(answer.body);
  });

  async function countPages(site: Site, asked: readonly string[], now: number) {
    const normalised = asked.map((u) => {
      try {
        return normalisePageUrl(u);
      } catch {
        return null;
      }
    });
    const found = new Map((await deps.threads.pageThreadCounts(site.id, normalised.filter((u): u is string => u !== null))).map((c) => [c.url, c]));
    return asked.map((url, i) => {
      const c = normalised[i] ? found.get(normalised[i]) : undefined;
      if (!c) return { url, normalised: normalised[i], comments: 0, views: 0 };
      const access = discussionAccess({ thread: c, post: null, site, now });
      return { url, normalised: normalised[i], comments: access.visible ? c.commentCount : null, views: deps.views.totalFor(c.threadId, c.viewCount) };
    });
  }

  /** The iframe's document for a thread; undefined when it is gone. */
  async function renderEmbed(v: EmbedView, formState?: FormState): Promise<{ html: string; storedViews: number; votes: VoteMode } | undefined> {
    const d = await findDiscussion(deps, v.threadId);
    if (!d) return undefined;
    const now = deps.clock.now();
    deps.views.observe(v.threadId, d.thread.viewCount);
    const reading = d.access.visible ? await readingPage(deps, v.threadId, { afterRoot: v.afterRoot }) : undefined;
    const nodes = reading ? buildThreadTree(reading.comments) : [];
    const html = renderDocument(
      <EmbedPage
        title={v.title}
        lang={v.lang}
        theme={v.theme}
        parentOrigin={v.host}
        siteKey={v.siteKey}
        votes={d.site.votes}
        colourSheet={v.colours ? `/embed/colours.css?${v.colours}` : undefined}
        discussion={{
          threadId: v.threadId,
          formAction: `/embed/threads/${v.threadId}/comments?${v.query}`,
          mode: d.access.visible ? d.thread.mode : "hidden",
          commentCount: d.thread.commentCount,
          version: d.thread.version,
          comments: presentTree(nodes),
          allowAnonymous: d.site.allowAnonymous,
          maxDepth: d.site.maxDepth,
          now,
          formState,
          pageLinks: discussionPageLinks("/embed/thread", v.query, reading),
        }}
      />,
    );
    return { html, storedViews: d.thread.viewCount, votes: d.site.votes };
  }

  /** The embedding site a snippet's key names; otherwise the refusal is sent and undefined returned. */
  async function siteOrRefusal(reply: FastifyReply, key: string | undefined): Promise<Site | undefined> {
    try {
      return await findEmbeddingSite(deps, String(key ?? ""));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      await refuse(reply, [], STATUS_OF[err.code], err.message);
      return undefined;
    }
  }

  function refuse(reply: FastifyReply, origins: readonly string[], status: number, message: string) {
    return reply
      .status(status)
      .type("text/html; charset=utf-8")
      .header("content-security-policy", embedCsp(origins))
      .send(
        renderDocument(
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <title>No discussion here</title>
              <link rel="stylesheet" href={assetUrl("site.css")} />
            </head>
            <body class="embedded">
              <main>
                <MessagePage heading="No discussion here" message={message} />
              </main>
            </body>
          </html>,
        ),
      );
  }
}

/**
 * The origin of the page around the iframe, from the Referer the browser sent, if any. The frame
 * navigating itself (back from its own form) sends our own address: that says nothing.
 */
function embedderOrigin(req: FastifyRequest, ownOrigin: string): string | undefined {
  const referer = req.headers.referer;
  if (!referer || !URL.canParse(referer)) return undefined;
  const origin = new URL(referer).origin;
  const host = req.headers.host;
  const ours = [ownOrigin, ...(host && URL.canParse(`http://${host}`) ? [new URL(`http://${host}`).origin, new URL(`https://${host}`).origin] : [])];
  return ours.includes(origin) ? undefined : origin;
}

interface EmbedView {
  readonly threadId: number;
  readonly siteKey: string;
  readonly title: string;
  readonly theme: EmbedTheme;
  readonly lang: string;
  readonly host: string;
  readonly colours: string;
  /** The query string that shows this view again (the form's way back after posting). */
  readonly query: string;
  /** Which page of a long discussion (undefined: the first). */
  readonly afterRoot?: number | undefined;
}

function embedQueryOf(site: Site, url: string, host: string, theme: EmbedTheme, lang: string | undefined, colours: string): string {
  const p = new URLSearchParams({ site: site.publicKey, url, host, theme });
  if (lang) p.set("lang", lang);
  return colours ? `${p.toString()}&${colours}` : p.toString();
}

function colourQuery(q: EmbedQuery["Querystring"]): string {
  const p = new URLSearchParams();
  for (const name of COLOUR_NAMES) {
    const v = q[name];
    if (typeof v === "string" && COLOUR.test(v)) p.set(name, v);
  }
  return p.toString();
}
