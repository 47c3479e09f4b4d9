import { Id } from "../schemas/id.js";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps.js";
import { userAgentOf } from "../client.js";
import { getCountableDiscussion } from "../../domain/threads/find-discussion.js";
import { Problem } from "../schemas/problem.js";

/**
 * The view beacon, for pages served from a cache: `navigator.sendBeacon` posts here with any body
 * (ignored). The same reader is counted once a day however often it fires.
 */
export function registerViewApi(app: FastifyInstance, deps: AppDeps): void {
  // The beacon fires on every page view: the thread is remembered (deps.ts), and a post or site
  // change forgets it at once, so an unpublished post stops counting straight away.
  const counting = { ...deps, threads: deps.accessThreads };
  app.register(async (scoped) => {
    // sendBeacon sends text/plain or no body at all; the body carries nothing we read.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser("*", { bodyLimit: 1024 }, (_req, _payload, done) => done(null, undefined));
    scoped.post<{ Params: { id: number } }>(
      "/api/v1/threads/:id/views",
      {
        config: { writes: "beacon" },
        schema: {
          tags: ["views"],
          summary: "Count a view of this thread's page (idempotent per reader per day)",
          params: Type.Object({ id: Id() }),
          response: { 204: Type.Null(), 404: Problem },
        },
      },
      async (req, reply) => {
        const id = req.params.id;
        const { site } = await getCountableDiscussion(counting, id);
        deps.views.record(id, site.id, req.ip, userAgentOf(req));
        return reply.status(204).send();
      },
    );
  });
}
