import type { FastifyInstance } from "fastify";
import { HttpError } from "../problem.js";

/**
 * An address with a NUL in it (`%00` in its path or query) names nothing we have and would reach
 * PostgreSQL as text it cannot hold: refused at once, before any route reads it. (Invalid UTF-8 in
 * an address Fastify refuses itself; bodies are made storable by their parsers.)
 */
export function registerAddressText(app: FastifyInstance): void {
  app.addHook("onRequest", (req, _reply, done) => {
    if (req.url.includes("%00") || req.url.includes("\u0000")) return done(new HttpError("invalid_encoding", "The address contains a NUL character, which no address here has."));
    done();
  });
}
