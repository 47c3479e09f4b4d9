import { Id, Cursor } from "../schemas/id.js";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { getVisibleDiscussion } from "../../domain/threads/find-discussion.js";
import type { AppDeps } from "../deps.js";
import type { LiveThreads } from "../live/live-threads.js";
import { networkOf } from "../../domain/moderation/network.js";

/** `GET /api/v1/threads/:id/events`: the thread's changes as they happen (Server-Sent Events). */
export function registerLiveEvents(app: FastifyInstance, deps: AppDeps, live: LiveThreads): void {
  app.get<{ Params: { id: number }; Querystring: { since?: number }; Headers: { "last-event-id"?: string } }>(
    "/api/v1/threads/:id/events",
    {
      schema: {
        tags: ["threads"],
        summary: "Live changes to a thread as text/event-stream: events comment, gone and resync; ids are thread versions",
        params: Type.Object({ id: Id() }),
        querystring: Type.Object({ since: Type.Optional(Cursor({ description: "The thread version the page showed" })) }),
      },
    },
    async (req, reply) => {
      const { thread } = await getVisibleDiscussion(deps, req.params.id, "id");
      const header = Number(req.headers["last-event-id"]);
      const lastSeen = Number.isSafeInteger(header) && header >= 0 ? header : req.query.since;
      const network = networkOf(req.ip);
      live.admit(network); // refused as any request is, before the stream is taken over
      reply.hijack();
      live.open(thread.id, thread.version, lastSeen, reply.raw, network);
    },
  );
}
