import type { IncomingMessage, ServerResponse } from "node:http";
import type { ViewCounter } from "../../domain/views/view-counter.js";
import { referrerHost, userAgentOfRaw } from "../client.js";
import { framedHtmlHeaders } from "../plugins/security-headers.js";
import { bodyFor, type RenderedCache } from "./rendered-cache.js";
import { NO_SCORES, type ScoreCache } from "./score-cache.js";

/** A frame request the embed route has answered: enough to answer the same address again. */
export interface KnownFrame {
  readonly cacheKey: string;
  readonly threadId: number;
  readonly siteId: number;
  /** The embedding page's origin the route checked; a Referer from anywhere else goes the slow way. */
  readonly host: string;
  readonly csp: string;
}

/** A counters request the embed route has answered, and the site's origins it was checked against. */
export interface KnownCounts {
  readonly origins: readonly string[];
  read(now: number): string | undefined;
}

const MAX = 10_000;

/**
 * The embedding's reading requests — the frame's document and an index page's counters — answered
 * before Fastify when the route has answered the very same address before and its rendering is
 * still cached: the same bytes, headers, checks and view counting as routes/embed.tsx, which
 * registers each address here after answering it. Anything else (a first request, an expired
 * rendering, a Referer or Origin the route did not check) falls through to the route.
 */
export class EmbedFastPath {
  private readonly frames = new Map<string, KnownFrame>();
  private readonly counts = new Map<string, KnownCounts>();
  private readonly headers: Readonly<Record<string, string>>;
  private readonly ownHosts: ReadonlySet<string>;

  constructor(
    private readonly deps: {
      cache: RenderedCache;
      scores: Pick<ScoreCache, "peek">;
      views: Pick<ViewCounter, "record" | "totalFor">;
      now: () => number;
      https: boolean;
      ownOrigin: string;
      clientAddress: (req: IncomingMessage) => string;
    },
  ) {
    this.headers = framedHtmlHeaders(deps.https);
    this.ownHosts = new Set([new URL(deps.ownOrigin).hostname.replace(/^www\./, "")]);
  }

  rememberFrame(url: string, frame: KnownFrame): void {
    if (this.frames.size >= MAX) this.frames.delete(this.frames.keys().next().value as string);
    this.frames.set(url, frame);
  }

  rememberCounts(url: string, counts: KnownCounts): void {
    if (this.counts.size >= MAX) this.counts.delete(this.counts.keys().next().value as string);
    this.counts.set(url, counts);
  }

  /** Sites or threads changed: every remembered answer is asked of the route again. */
  forget(): void {
    this.frames.clear();
    this.counts.clear();
  }

  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "GET") return false;
    const url = req.url ?? "";
    if (url.startsWith("/embed/thread?")) return this.frame(url, req, res);
    if (url.startsWith("/api/v1/embed/counts?")) return this.counters(url, req, res);
    return false;
  }

  private frame(url: string, req: IncomingMessage, res: ServerResponse): boolean {
    const known = this.frames.get(url);
    if (!known) return false;
    const referer = req.headers.referer;
    if (referer !== undefined && !this.refererAllowed(referer, known.host, req.headers.host)) return false;
    const entry = this.deps.cache.use(known.cacheKey);
    if (!entry || entry.expiresAt <= this.deps.now()) return false;
    // Scores are read again every two seconds, by the route; until then they are at hand.
    const scores = entry.votes && entry.votes !== "none" ? this.deps.scores.peek(known.threadId) : NO_SCORES;
    if (!scores) return false;
    this.deps.views.record(known.threadId, known.siteId, this.deps.clientAddress(req), userAgentOfRaw(req.headers["user-agent"]), referrerHost(referer, req.headers.host, this.ownHosts));
    const values = { views: String(this.deps.views.totalFor(known.threadId, entry.storedViews)), served: String(Math.floor(this.deps.now() / 1000) * 1000) };
    const { body, gzip } = bodyFor(entry, values, scores, req.headers["accept-encoding"], this.deps.now());
    res.writeHead(200, {
      ...this.headers,
      "content-security-policy": known.csp,
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
      "content-length": body.length,
    });
    res.end(body);
    return true;
  }

  private counters(url: string, req: IncomingMessage, res: ServerResponse): boolean {
    const known = this.counts.get(url);
    if (!known) return false;
    const origin = req.headers.origin;
    if (origin !== undefined && !known.origins.includes(origin)) return false;
    const body = known.read(this.deps.now());
    if (body === undefined) return false;
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "cache-control": "public, max-age=3",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      ...(origin !== undefined ? { "access-control-allow-origin": origin, vary: "origin" } : {}),
    });
    res.end(body);
    return true;
  }

  /** The route's rule: the embedding page, or the frame itself (its own form's way back). */
  private refererAllowed(referer: string, host: string, requestHost: string | undefined): boolean {
    if (!URL.canParse(referer)) return true; // the route ignores a Referer it cannot read
    const origin = new URL(referer).origin;
    if (origin === host || origin === this.deps.ownOrigin) return true;
    return requestHost !== undefined && URL.canParse(`http://${requestHost}`) && (origin === new URL(`http://${requestHost}`).origin || origin === new URL(`https://${requestHost}`).origin);
  }
}
