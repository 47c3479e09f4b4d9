import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps.js";

/** Liveness with a database round trip: 200 when the store answers, 503 otherwise. */
export function registerHealth(app: FastifyInstance, deps: AppDeps): void {
  app.get("/healthz", { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.ping();
      return reply.header("cache-control", "no-store").send({ status: "ok" });
    } catch {
      return reply.status(503).header("cache-control", "no-store").send({ status: "unavailable", detail: "database unreachable" });
    }
  });
}
