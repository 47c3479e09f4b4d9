import type { IncomingMessage, ServerResponse } from "node:http";
import type { ViewCounter } from "../../domain/views/view-counter.js";
import { referrerHost, userAgentOfRaw } from "../client.js";
import { htmlSecurityHeaders } from "../plugins/security-headers.js";
import { bodyFor, cacheKeys, type RenderedCache } from "./rendered-cache.js";
import { ANONYMOUS_ACCOUNT } from "../../views/masthead.js";
import { decodedOrUndefined } from "../../domain/shared/text.js";
import { NO_SCORES, type ScoreCache, type ScoreSlots } from "./score-cache.js";

/**
 * Capital letters send a request to Fastify (which answers as the routes do), but not those of a
 * percent-escape: browsers write a slug's non-ASCII letters as %E5%A3%B0… in capitals.
 */
function hasCapitals(url: string): boolean {
  return /[A-Z]/.test(url.includes("%") ? url.replace(/%[0-9A-F]{2}/g, "") : url);
}

/**
 * Serves already-rendered pages straight from the render cache, before Fastify's lifecycle: the
 * same bytes, headers and view counting as the routes in post-pages.tsx and front-page.tsx, for the
 * one case that dominates traffic — an anonymous GET of a cached post page or listing without a
 * query. Anything else (cookies, queries, misses, expired entries, HEAD) falls through to Fastify,
 * which renders and caches the page for the next reader.
 */
export function makeFastPath(deps: { cache: RenderedCache; scores: Pick<ScoreCache, "peek">; views: Pick<ViewCounter, "record" | "totalFor">; now: () => number; https: boolean; ownHost: string; clientAddress: (req: IncomingMessage) => string }) {
  const headers = { ...htmlSecurityHeaders(deps.https), "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", vary: "accept-encoding" };
  const gzipHeaders = { ...headers, "content-encoding": "gzip" };
  const ownHosts = new Set([deps.ownHost]);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    if (req.method !== "GET" || req.headers.cookie || url.includes("?") || hasCapitals(url)) return false;
    const post = /^\/posts\/([a-z0-9\p{L}%-]+)$/u.exec(url);
    // A slug that is not valid UTF-8 ("%ff") is no page of ours: Fastify answers it.
    const slug = post ? decodedOrUndefined(post[1] ?? "") : undefined;
    if (post && slug === undefined) return false;
    const key = slug !== undefined ? cacheKeys.postPage(slug) : url === "/" || /^\/labels\/[^/]+$/.test(url) ? cacheKeys.listing(`${url}?`) : undefined;
    const entry = key === undefined ? undefined : deps.cache.use(key);
    if (!entry || entry.expiresAt <= deps.now()) return false;
    let values: Readonly<Record<string, string>>;
    let scores: ScoreSlots | undefined;
    if (post) {
      // Scores are read again every two seconds, by the route; until then they are at hand.
      scores = entry.votes && entry.votes !== "none" ? deps.scores.peek(entry.threadId) : NO_SCORES;
      if (!scores) return false;
      deps.views.record(entry.threadId, entry.siteId, deps.clientAddress(req), userAgentOfRaw(req.headers["user-agent"]), referrerHost(req.headers.referer, req.headers.host, ownHosts));
      values = { views: String(deps.views.totalFor(entry.threadId, entry.storedViews)), served: String(Math.floor(deps.now() / 1000) * 1000), account: ANONYMOUS_ACCOUNT };
    } else {
      values = { account: ANONYMOUS_ACCOUNT };
    }
    const { body, gzip } = bodyFor(entry, values, scores, req.headers["accept-encoding"], deps.now());
    res.writeHead(200, { ...(gzip ? gzipHeaders : headers), "content-length": body.length });
    res.end(body);
    return true;
  };
}
