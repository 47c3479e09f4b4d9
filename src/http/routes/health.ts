import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps.js";

/**
 * `/healthz` — alive: 200 when the database answers a round trip, 503 otherwise. Redis is not asked:
 *   pages keep serving while it is away, and restarting a node (what a failed liveness check
 *   brings) would not bring Redis back.
 * `/readyz` — ready for traffic: the database answers and events from other nodes can arrive. (From
 * the first moment of a shutdown Fastify answers every request 503, this one included, so a load
 * balancer stops sending readers here while streams and connections drain.)
 */
export function registerHealth(app: FastifyInstance, deps: AppDeps): void {
  app.get("/healthz", { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.ping({ redis: false });
      return reply.header("cache-control", "no-store").send({ status: "ok" });
    } catch (err) {
      return reply.status(503).header("cache-control", "no-store").send({ status: "unavailable", detail: unreachable(err) });
    }
  });

  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    const problems: string[] = [];
    if (!deps.events.connected) problems.push("not receiving events from other nodes");
    try {
      await deps.ping();
    } catch (err) {
      problems.push(unreachable(err));
    }
    reply.header("cache-control", "no-store");
    return problems.length === 0 ? reply.send({ status: "ready" }) : reply.status(503).send({ status: "not ready", problems });
  });
}

/** What `ping` found away ("database unreachable", "Redis unreachable"). */
function unreachable(err: unknown): string {
  return err instanceof Error && /unreachable$/.test(err.message) ? err.message : "database unreachable";
}
