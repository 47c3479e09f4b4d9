import type { FastifyInstance } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The page may be framed by the origins its own CSP names (the embedding iframe): no X-Frame-Options. */
    embeddable?: boolean;
    /**
     * The page is opened as a popup by our embedded frame and answers it through window.opener:
     * no Cross-Origin-Opener-Policy, which would sever the opener (the frame's top level is another site).
     */
    keepsOpener?: boolean;
  }
}

const POLICY = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:", "connect-src 'self'", "form-action 'self'", "object-src 'none'", "base-uri 'none'"];
const CSP = [...POLICY, "frame-ancestors 'none'"].join("; ");

/**
 * The policy of a page embedded in another site's pages: framed by exactly that site's origins
 * (clickjacking stays impossible everywhere else), and nothing else loosened.
 */
export function embedCsp(origins: readonly string[]): string {
  return [...POLICY, `frame-ancestors ${origins.length > 0 ? origins.join(" ") : "'none'"}`].join("; ");
}

/** The headers every HTML page carries, computed once (shared by Fastify and the cached-page fast path). */
export function htmlSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return Object.freeze({
    "x-content-type-options": "nosniff",
    // Not no-referrer: under it browsers send "Origin: null" on form posts, defeating our CSRF check.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "content-security-policy": CSP,
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  });
}

/** The headers of a page that only its own CSP's frame-ancestors may frame (the embedding iframe). */
export function framedHtmlHeaders(https: boolean): Readonly<Record<string, string>> {
  const { "x-frame-options": _frames, "content-security-policy": _csp, ...rest } = htmlSecurityHeaders(https);
  return Object.freeze({ ...rest, "cross-origin-resource-policy": "cross-origin" });
}

/**
 * Security headers, computed once. (helmet rebuilt its CSP string on every request, a measurable
 * share of a page's CPU; these values never change at run time.) HTML gets the full set; other
 * responses get what applies to them. A route that sets its own CSP (the API docs) keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const { "content-security-policy": csp, ...html } = htmlSecurityHeaders(options.https);
  const framedHtml = framedHtmlHeaders(options.https);
  app.addHook("onSend", (req, reply, payload, done) => {
    reply.header("x-content-type-options", "nosniff");
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html")) {
      // An embeddable page has set its own frame-ancestors; without a CSP it is framed by nobody.
      const framed = req.routeOptions.config?.embeddable === true && reply.hasHeader("content-security-policy");
      const headers = framed ? framedHtml : html;
      if (req.routeOptions.config?.keepsOpener === true) {
        const { "cross-origin-opener-policy": _coop, ...rest } = headers;
        reply.headers(rest);
      } else reply.headers(headers);
      if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", csp);
    } else if (!reply.hasHeader("content-security-policy")) {
      reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    }
    done(null, payload);
  });
}
