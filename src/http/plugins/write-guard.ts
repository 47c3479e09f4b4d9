import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "../problem.js";

/**
 * How a route that changes state may be reached:
 * - "form": a page's form or script on our own origin (Origin, or Referer, must be ours);
 * - "json": the same, and the body must be application/json (the default under /api/);
 * - "beacon": our own pages' view beacon: our origin, any body (sendBeacon sends text/plain);
 * - "edit-token": proves itself with the X-Edit-Token header, which no page of another site can
 *   send without a preflight that we never approve; our origin is not required then;
 * - "signed-link": a mail client's one-click unsubscribe (RFC 8058) posts from nowhere: the signed
 *   link in the URL is the proof, and all such a write can do is stop mail to that subscription.
 * A staff API token (`Authorization: Bearer bst_…`, scripts and integrations) proves itself under
 * /api/ the same way an edit token does: no page of another site can send that header.
 */
export type WritePolicy = "form" | "json" | "beacon" | "edit-token" | "signed-link";

declare module "fastify" {
  interface FastifyContextConfig {
    /** How this route's writes are checked (see plugins/write-guard.ts); by default by its path. */
    writes?: WritePolicy;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const API_TOKEN = /^Bearer bst_/;

/**
 * CSRF defence for every state-changing request, in one place: a browser sends the Origin of the
 * page that made it, so a write from a page of another site — or one whose origin the browser
 * withholds — is refused before any route runs. Simple requests (form-encoded, multipart and
 * text/plain bodies) skip CORS preflights, which is why JSON routes take JSON only.
 */
export function registerWriteGuard(app: FastifyInstance, publicUrl: string): void {
  const ours = new URL(publicUrl).origin;
  // A callback hook, not an async one: it runs on every request, and reads need no promise.
  app.addHook("onRequest", (req, _reply, done) => {
    if (SAFE_METHODS.has(req.method)) return done();
    try {
      const policy = req.routeOptions.config?.writes ?? (req.url.startsWith("/api/") ? "json" : "form");
      if (policy === "signed-link") return done();
      const proven = (policy === "edit-token" && req.headers["x-edit-token"]) || (policy === "json" && API_TOKEN.test(req.headers.authorization ?? ""));
      if (!proven) assertOurOrigin(req, ours);
      if ((policy === "json" || policy === "edit-token") && hasBody(req) && !isJson(req.headers["content-type"])) {
        throw new HttpError("unsupported_media_type", "Send the body as application/json.", "content-type");
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}

/** Ours: the public URL's origin, or this request's own host (the same server reached by another name). */
function isOurs(origin: string, ours: string, host: string | undefined): boolean {
  return origin === ours || (host !== undefined && (origin === `https://${host}` || origin === `http://${host}`));
}

function assertOurOrigin(req: FastifyRequest, ours: string): void {
  const host = req.headers.host;
  const origin = req.headers.origin;
  if (origin && origin !== "null") {
    if (isOurs(origin, ours, host)) return;
    throw new HttpError("csrf", "This request was sent from another site.");
  }
  // Without Origin, a Referer of ours will do (some privacy settings drop Origin on same-origin forms).
  const referer = req.headers.referer;
  if (referer && URL.canParse(referer) && isOurs(new URL(referer).origin, ours, host)) return;
  throw new HttpError("csrf", "This request could not be verified as coming from this site. Reload the page and try again.");
}

function hasBody(req: FastifyRequest): boolean {
  return req.headers["content-type"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}
