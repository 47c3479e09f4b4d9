import type { FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "../problem.js";

/**
 * CSRF defence for the forms on cached pages (which cannot carry a per-reader token): the browser's
 * Origin (or, failing that, Referer) must be our own. Every current browser sends Origin on POST.
 */
export function sameOriginCheck(publicUrl: string) {
  const ours = new URL(publicUrl).origin;
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const host = req.headers.host;
    const allowed = new Set([ours, ...(host ? [`http://${host}`, `https://${host}`] : [])]);
    const origin = req.headers.origin;
    if (origin && origin !== "null") {
      if (allowed.has(origin)) return;
      throw new HttpError("csrf", "This form was sent from another site.");
    }
    const referer = req.headers.referer;
    if (referer) {
      try {
        if (allowed.has(new URL(referer).origin)) return;
      } catch {
        // fall through
      }
    }
    throw new HttpError("csrf", "This form could not be verified as coming from this site. Reload the page and try again.");
  };
}
