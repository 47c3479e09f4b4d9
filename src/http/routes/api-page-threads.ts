import { Id } from "../schemas/id.js";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { attachPageUrl, mergeThreads } from "../../domain/embeds/page-addresses.js";
import type { User } from "../../domain/users/user.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { Problem as ProblemSchema } from "../schemas/problem.js";

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const UrlBody = Type.Object({ url: Type.String({ maxLength: 2000, description: "Another address of the same story (AMP, syndicated copy, old address)" }) }, { additionalProperties: false });
const MergeBody = Type.Object({ intoThreadId: Id({ description: "The discussion that stays" }) }, { additionalProperties: false });

/** Staff tools for embedded pages' discussions: more addresses for a thread, and merging two threads. */
export function registerPageThreadApi(app: FastifyInstance, deps: AppDeps): void {
  const staff = requirePermission("moderateComments");

  app.post<{ Params: { id: number }; Body: Static<typeof UrlBody> }>(
    "/api/v1/threads/:id/urls",
    {
      preHandler: staff,
      schema: { tags: ["embedding"], summary: "Give an embedded page's discussion another address", params: Type.Object({ id: Id() }), body: UrlBody, response: errors },
    },
    async (req, reply) => reply.status(201).send(await attachPageUrl(deps, { actor: req.user as User, threadId: req.params.id, url: req.body.url })),
  );

  app.post<{ Params: { id: number }; Body: Static<typeof MergeBody> }>(
    "/api/v1/threads/:id/merge",
    {
      preHandler: staff,
      schema: {
        tags: ["embedding"],
        summary: "Merge this discussion into another of the same site (its comments follow the other's last number; see decision record 005)",
        params: Type.Object({ id: Id() }),
        body: MergeBody,
        response: errors,
      },
    },
    async (req) => {
      const { moved, renumbered } = await mergeThreads(deps, { actor: req.user as User, fromThreadId: req.params.id, intoThreadId: req.body.intoThreadId });
      return { moved, renumbered: renumbered.map(([from, to]) => ({ from, to })) };
    },
  );
}
