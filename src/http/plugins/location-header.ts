import type { FastifyInstance } from "fastify";
import { wellFormed } from "../../domain/shared/text.js";

/**
 * Every redirect's Location is a valid header: a path with characters beyond ASCII (a Chinese
 * slug, a `next=/中文` after signing in) made Node refuse the header, and the reader got a 500 —
 * after the sign-in it answered had happened. Such characters are percent-encoded, as a browser
 * would send them; escapes already there, and every ASCII character, are left as they are.
 */
export function registerLocationHeader(app: FastifyInstance): void {
  app.addHook("onSend", (_req, reply, payload, done) => {
    const location = reply.getHeader("location");
    if (typeof location === "string" && NOT_HEADER_SAFE.test(location)) reply.header("location", asciiLocation(location));
    done(null, payload);
  });
}

const NOT_HEADER_SAFE = /[^\x21-\x7e]/;

/** `location` with every character outside printable ASCII percent-encoded as UTF-8. */
export function asciiLocation(location: string): string {
  return location.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(wellFormed(run)));
}
