import type { FastifyInstance } from "fastify";

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join("; ");

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

/**
 * Security headers, computed once. (helmet rebuilt its CSP string on every request, a measurable
 * share of a page's CPU; these values never change at run time.) HTML gets the full set; other
 * responses get what applies to them. A route that sets its own CSP (the API docs) keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const { "content-security-policy": csp, ...html } = htmlSecurityHeaders(options.https);
  app.addHook("onSend", (_req, reply, payload, done) => {
    reply.header("x-content-type-options", "nosniff");
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html")) {
      reply.headers(html);
      if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", csp);
    } else if (!reply.hasHeader("content-security-policy")) {
      reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    }
    done(null, payload);
  });
}
