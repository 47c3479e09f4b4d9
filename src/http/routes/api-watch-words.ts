import { Id } from "../schemas/id.js";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { addWatchWord, removeWatchWord } from "../../domain/moderation/manage-watch-words.js";
import type { User } from "../../domain/users/user.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { Problem } from "../schemas/problem.js";

const Word = Type.Object({ phrase: Type.String(), action: Type.Union([Type.Literal("hold"), Type.Literal("spam")]) });
const AddBody = Type.Object({ phrase: Type.String({ maxLength: 400 }), action: Type.String({ description: "hold or spam" }) }, { additionalProperties: false });
const RemoveBody = Type.Object({ phrase: Type.String({ maxLength: 400 }) }, { additionalProperties: false });
const Params = Type.Object({ id: Id() });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** A site's own words and phrases through the API: the same use cases as /moderation/words (scope "moderate" for tokens). */
export function registerWatchWordApi(app: FastifyInstance, deps: AppDeps): void {
  const moderators = requirePermission("manageWatchWords");
  app.get<{ Params: Static<typeof Params> }>(
    "/api/v1/sites/:id/words",
    { preHandler: moderators, schema: { tags: ["moderation"], summary: "A site's own words and phrases, each holding a comment or filing it as spam", params: Params, response: { 200: Type.Object({ words: Type.Array(Word) }), ...errors } } },
    async (req) => ({ words: [...(await deps.sites.getSite(req.params.id)).moderation.words] }),
  );
  app.post<{ Params: Static<typeof Params>; Body: Static<typeof AddBody> }>(
    "/api/v1/sites/:id/words",
    { preHandler: moderators, schema: { tags: ["moderation"], summary: "Add a word or phrase (the same one again changes its action); logged, applied on every node at once", params: Params, body: AddBody, response: { 201: Type.Object({ word: Word }), ...errors } } },
    async (req, reply) => reply.status(201).send({ word: await addWatchWord(deps, { actor: req.user as User, siteId: req.params.id, ...req.body }) }),
  );
  app.delete<{ Params: Static<typeof Params>; Body: Static<typeof RemoveBody> }>(
    "/api/v1/sites/:id/words",
    { preHandler: moderators, schema: { tags: ["moderation"], summary: "Take a word or phrase off the list; logged", params: Params, body: RemoveBody, response: { ...errors } } },
    async (req, reply) => {
      await removeWatchWord(deps, { actor: req.user as User, siteId: req.params.id, phrase: req.body.phrase });
      return reply.status(204).send();
    },
  );
}
