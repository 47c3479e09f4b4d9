import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps.js";
import { userAgentOf } from "../client.js";
import { HttpError } from "../problem.js";
import { Problem } from "../schemas/problem.js";

/**
 * The view beacon, for pages served from a cache: `navigator.sendBeacon` posts here with any body
 * (ignored). The same reader is counted once a day however often it fires.
 */
export function registerViewApi(app: FastifyInstance, deps: AppDeps): void {
  const known = new Set<number>();
  app.register(async (scoped) => {
    // sendBeacon sends text/plain or no body at all; the body carries nothing we read.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser("*", { bodyLimit: 1024 }, (_req, _payload, done) => done(null, undefined));
    scoped.post<{ Params: { id: number } }>(
      "/api/v1/threads/:id/views",
      {
        schema: {
          tags: ["views"],
          summary: "Count a view of this thread's page (idempotent per reader per day)",
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null(), 404: Problem },
        },
      },
      async (req, reply) => {
        const id = req.params.id;
        if (!known.has(id)) {
          if (!(await deps.threads.findThread(id))) throw new HttpError("not_found", "This discussion does not exist.", "id");
          known.add(id);
        }
        deps.views.record(id, req.ip, userAgentOf(req));
        return reply.status(204).send();
      },
    );
  });
}
