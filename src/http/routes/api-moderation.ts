import { Id } from "../schemas/id.js";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { actOnComment } from "../../domain/moderation/act-on-comments.js";
import type { QueueItem, QueueTab } from "../../domain/moderation/ports.js";
import { reportComment } from "../../domain/moderation/report-comment.js";
import type { User } from "../../domain/users/user.js";
import type { AppDeps } from "../deps.js";
import { floodGuard } from "../plugins/flood-guard.js";
import { reporterOf } from "../client.js";
import { requirePermission } from "../plugins/sessions.js";
import { presentComment } from "../presenters/comment.js";
import { Problem as ProblemSchema } from "../schemas/problem.js";

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema };

const ModerationBody = Type.Object(
  {
    action: Type.Union([Type.Literal("approve"), Type.Literal("spam"), Type.Literal("remove"), Type.Literal("restore"), Type.Literal("ban"), Type.Literal("feature"), Type.Literal("unfeature")], {
      description: "feature / unfeature: editors only; a featured comment shows at the top of its thread",
    }),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: "Kept in the audit log" })),
    duration: Type.Optional(Type.String({ description: "For ban: 1d, 7d, 30d or permanent (default 1d)" })),
    scope: Type.Optional(Type.Union([Type.Literal("everywhere"), Type.Literal("site")], { description: "For ban: on every site (default) or on the comment's site only" })),
  },
  { additionalProperties: false },
);

const ReportBody = Type.Object(
  { reason: Type.String({ description: "spam, abuse, off_topic or illegal" }) },
  { additionalProperties: false },
);

/** The moderation API (moderators, signed in; same-origin writes) and readers' reports. */
export function registerModerationApi(app: FastifyInstance, deps: AppDeps): void {
  const staff = requirePermission("moderateComments");

  app.get<{ Querystring: { tab?: QueueTab; before?: number; limit?: number; site?: number } }>(
    "/api/v1/moderation/queue",
    {
      preHandler: staff,
      schema: {
        tags: ["moderation"],
        summary: "The moderation queue: comments with context, author history, screening reasons and reports",
        querystring: Type.Object({
          tab: Type.Optional(Type.Union(["pending", "reported", "spam", "removed", "all"].map((t) => Type.Literal(t)))),
          before: Type.Optional(Id()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          site: Type.Optional(Id({ description: "One site's comments only (default: every site's)" })),
        }),
      },
    },
    async (req) => {
      const items = await deps.moderation.listQueue(req.query.tab ?? "pending", { beforeId: req.query.before, limit: req.query.limit ?? 50, siteId: req.query.site });
      return { items: items.map(presentItem), counts: await deps.moderation.queueCounts(req.query.site) };
    },
  );

  app.post<{ Params: { threadId: number; commentId: number }; Body: Static<typeof ModerationBody> }>(
    "/api/v1/threads/:threadId/comments/:commentId/moderation",
    {
      preHandler: staff,
      schema: {
        tags: ["moderation"],
        summary: "Approve, file as spam, remove, restore or feature a comment, or ban its author",
        params: Type.Object({ threadId: Id(), commentId: Id() }),
        body: ModerationBody,
        response: { ...errors },
      },
    },
    async (req) => {
      const { ban, comment } = await actOnComment(deps, { actor: req.user as User, ...req.params, ...req.body });
      if (ban) return { ban: { id: ban.id, kind: ban.kind, siteId: ban.siteId, expiresAt: ban.expiresAt === null ? null : new Date(ban.expiresAt).toISOString() } };
      return { id: comment?.id, status: comment?.status };
    },
  );

  app.post<{ Params: { id: number }; Body: Static<typeof ReportBody> }>(
    "/api/v1/comments/:id/reports",
    {
      onRequest: floodGuard(deps, "report"),
      schema: {
        tags: ["comments"],
        summary: "Report a comment to the moderators (the answer is the same whether or not others reported it)",
        params: Type.Object({ id: Id() }),
        body: ReportBody,
        response: { ...errors },
      },
    },
    async (req, reply) => {
      await reportComment(deps, { commentId: req.params.id, reason: req.body.reason, reporter: reporterOf(deps, req) });
      return reply.status(202).send({ received: true });
    },
  );
}

function presentItem(item: QueueItem) {
  const c = item.comment;
  return {
    comment: { ...presentComment(c), status: c.status, bodySource: c.bodySource },
    post: item.post,
    page: item.page,
    parent: item.parent ? presentComment(item.parent) : null,
    author: { signedIn: "userId" in item.author, ...item.history, firstSeenAt: item.history.firstSeenAt === null ? null : new Date(item.history.firstSeenAt).toISOString() },
    screening: item.screening,
    spamScore: item.spamScore,
    reports: item.reports,
  };
}
