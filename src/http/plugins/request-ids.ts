import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Request ids for the log: the proxy's X-Request-Id when a trusted proxy sent it (nginx's
 * `$request_id`, so its access log and ours share a key), else a random UUID — unique across
 * nodes, unlike Fastify's per-process counter. `fromTrustedPeer` says whether the peer is a
 * configured proxy; anyone else's header is ignored (it would let a client forge log lines' ids).
 */
export function makeRequestIdGenerator(fromTrustedPeer: (req: IncomingMessage) => boolean): (req: IncomingMessage) => string {
  return (req) => {
    const given = req.headers["x-request-id"];
    if (typeof given === "string" && SAFE_ID.test(given) && fromTrustedPeer(req)) return given;
    return crypto.randomUUID();
  };
}

/**
 * Every response carries its id (a reader reporting a fault can quote it), and every request
 * Fastify handles leaves one JSON line: id, method, path (never the query, which may hold tokens),
 * status and time. Probes log at debug. Pages answered before Fastify (cached pages, flood
 * refusals) leave no line: the proxy's access log has them, and they are counted in /metrics.
 */
export function registerRequestIds(app: FastifyInstance): void {
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.addHook("onResponse", async (req, reply) => {
    const path = req.url.split("?", 1)[0] ?? "";
    const line = { method: req.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (path === "/healthz" || path === "/readyz" || path === "/metrics") req.log.debug(line, "request");
    else req.log.info(line, "request");
  });
}
