import type { IncomingMessage, ServerResponse } from "node:http";
import { tooManyAttempts, type FloodAction } from "../../domain/moderation/flood-control.js";
import { networkOf } from "../../domain/moderation/network.js";
import { acceptedLanguage, problemText } from "../../views/i18n/problems.js";
import { problem } from "../problem.js";
import { htmlSecurityHeaders } from "./security-headers.js";

/**
 * Remembers networks that are over a limit until their window ends, and turns their further
 * attempts away before Fastify parses anything: under a flood, a refusal costs a map lookup rather
 * than a request's whole lifecycle, so other readers keep their latency. Only network blocks are
 * remembered (an account over its limit must not shut out its neighbours); the counters stay the
 * judge, this is a memory of their answer, per node, that can only be early by nothing: counts
 * never go down within a window.
 */
export class FloodGate {
  private readonly until = new Map<string, number>();
  private swept = 0;
  private readonly headers: Record<string, string>;

  /** The limited routes, learnt as they are registered (see `learn`): method → [path pattern, action]. */
  private readonly routes = new Map<string, Array<{ pattern: RegExp; action: FloodAction }>>();

  constructor(
    private readonly now: () => number,
    private readonly clientAddress: (req: IncomingMessage) => string,
    https: boolean,
  ) {
    this.headers = htmlSecurityHeaders(https);
  }

  /** A route whose writes are limited, as registered: "/posts/:slug/comments" → any one path segment for each parameter. */
  learn(method: string, url: string, action: FloodAction): void {
    const source = url
      .split("/")
      .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    const list = this.routes.get(method) ?? [];
    list.push({ pattern: new RegExp(`^${source}$`), action });
    this.routes.set(method, list);
  }

  /** Which limited action a request is, by method and path; undefined for anything else. */
  actionOf(method: string | undefined, url: string): FloodAction | undefined {
    const list = this.routes.get(method ?? "");
    if (!list) return undefined;
    const path = url.split("?", 1)[0] ?? "";
    return list.find((r) => r.pattern.test(path))?.action;
  }

  block(action: FloodAction, address: string, resetAt: number): void {
    this.until.set(`${action} ${networkOf(address)}`, resetAt);
  }

  /** Answers 429 and returns true when the request's network is known to be over its limit. */
  turnAway(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.until.size === 0) return false;
    const action = this.actionOf(req.method, req.url ?? "");
    if (!action) return false;
    const now = this.now();
    if (now - this.swept > 60_000) this.sweep(now);
    const until = this.until.get(`${action} ${networkOf(this.clientAddress(req))}`);
    if (until === undefined || until <= now) return false;
    const { wait, message, text } = tooManyAttempts(until, now);
    const lang = acceptedLanguage(req.headers["accept-language"]);
    const detail = problemText(lang, text, message);
    const api = (req.url ?? "").startsWith("/api/") || (req.headers.accept ?? "").startsWith("application/json");
    const body = api ? JSON.stringify(problem("rate_limited", detail)) : `<!doctype html><html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}"><head><meta charset="utf-8"><title>${detail}</title></head><body><h1>${detail}</h1></body></html>`;
    res.writeHead(429, {
      ...this.headers,
      "content-type": api ? "application/problem+json; charset=utf-8" : "text/html; charset=utf-8",
      "retry-after": String(wait),
      "cache-control": "no-store",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    return true;
  }

  private sweep(now: number): void {
    this.swept = now;
    for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
  }
}
