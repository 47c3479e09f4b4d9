import { Id, Cursor } from "../schemas/id.js";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { editComment } from "../../domain/comments/edit-comment.js";
import { listThread } from "../../domain/comments/list-thread.js";
import { postComment } from "../../domain/comments/post-comment.js";
import { removeComment } from "../../domain/comments/remove-comment.js";
import { DomainError } from "../../domain/shared/errors.js";
import { cacheKeys, filledBody, type RenderedCache } from "../cache/rendered-cache.js";
import { cutSlots, slot } from "../cache/slotted.js";
import type { AppDeps } from "../deps.js";
import { rememberToken } from "../owner-cookie.js";
import { floodGuard } from "../plugins/flood-guard.js";
import { writerOf } from "../client.js";
import { checkNotifyAddress, subscribeAfterPosting } from "../comment-form.js";
import { presentComment } from "../presenters/comment.js";
import { presentThreadView } from "../presenters/thread.js";
import { Problem as ProblemSchema } from "../schemas/problem.js";
import { EditCommentBody, PostCommentBody, PostedCommentResponse, PublicCommentBase, ThreadResponse } from "../schemas/comment.js";

const IdParam = Type.Object({ id: Id({ description: "Thread or comment id" }) });
const EditTokenHeader = Type.Object({ "x-edit-token": Type.Optional(Type.String({ description: "The secret returned when the comment was posted" })) });
const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 413: ProblemSchema, 429: ProblemSchema };

/** The discussion API: read a thread, post, edit and remove comments. Writes authenticate with a header token, never a cookie. */
export function registerCommentApi(app: FastifyInstance, deps: AppDeps, cache: RenderedCache): void {
  const commentFlood = floodGuard(deps, "comment");
  app.get<{ Params: { id: number }; Querystring: { after?: number; limit?: number } }>(
    "/api/v1/threads/:id/comments",
    {
      schema: {
        tags: ["threads"],
        summary: "A page of a thread: whole top-level comments with their replies",
        params: IdParam,
        querystring: Type.Object({
          after: Type.Optional(Cursor({ description: "Cursor: top-level number to start after" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: "Top-level comments per page (default 50)" })),
        }),
        response: { 200: ThreadResponse, ...errors },
      },
    },
    async (req, reply) => {
      const after = req.query.after ?? 0;
      const limit = req.query.limit ?? 50;
      const cached = await cache.get(cacheKeys.threadJson(req.params.id, after, limit), async () => {
        const view = await listThread(deps, { threadId: req.params.id, afterNumber: after, limit });
        deps.views.observe(view.thread.id, view.thread.viewCount);
        // Serialised once per thread version; only the live view count is filled per request.
        const { viewCount: _stale, ...rest } = presentThreadView(view, deps.views);
        const json = `{"viewCount":${slot("views")},${JSON.stringify(rest).slice(1)}`;
        return { threadId: view.thread.id, siteId: view.thread.siteId, storedViews: view.thread.viewCount, page: cutSlots(json), expiresAt: deps.clock.now() + cache.ttl };
      });
      if (!cached) throw new DomainError("not_found", "This discussion does not exist.", "threadId");
      const body = filledBody(cached, { views: String(deps.views.totalFor(cached.threadId, cached.storedViews)) });
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );

  app.post<{ Params: { id: number }; Body: PostCommentBody }>(
    "/api/v1/threads/:id/comments",
    {
      onRequest: commentFlood,
      schema: {
        tags: ["comments"],
        summary: "Post a comment or a reply",
        params: IdParam,
        body: PostCommentBody,
        response: { 201: PostedCommentResponse, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      checkNotifyAddress(req, b.notify === true, b.notifyEmail);
      const { comment, editToken, replyingTo } = await postComment(deps, {
        threadId: req.params.id,
        parentId: b.parentId,
        body: b.body,
        authorName: b.authorName,
        authorWebsite: b.authorWebsite,
        honeypot: b.homepage,
        // Same-origin pages send the session cookie; JSON bodies cannot be sent cross-site without a preflight.
        ...writerOf(req),
      });
      // Also remembered in the owner cookie, so a held comment stays visible to its writer after a reload.
      rememberToken(req, reply, comment.id, editToken, deps.config.publicUrl.startsWith("https:"));
      if (b.notify === true) await subscribeAfterPosting(deps, req, comment, b.notifyEmail);
      return reply.status(201).send({ comment: presentComment(comment, "comment", replyingTo), editToken });
    },
  );

  app.patch<{ Params: { id: number }; Body: { body: string }; Headers: { "x-edit-token"?: string } }>(
    "/api/v1/comments/:id",
    {
      onRequest: commentFlood,
      // The edit token in a header is the proof: no page of another site can send one.
      config: { writes: "edit-token" },
      schema: {
        tags: ["comments"],
        summary: "Edit your comment (within 15 minutes)",
        params: IdParam,
        headers: EditTokenHeader,
        body: EditCommentBody,
        response: { 200: PublicCommentBase, ...errors },
      },
    },
    async (req) => presentComment(await editComment(deps, { commentId: req.params.id, editToken: tokenOf(req.headers), body: req.body.body, clientAddress: req.ip })),
  );

  app.delete<{ Params: { id: number }; Headers: { "x-edit-token"?: string } }>(
    "/api/v1/comments/:id",
    {
      onRequest: commentFlood,
      // The edit token in a header is the proof: no page of another site can send one.
      config: { writes: "edit-token" },
      schema: {
        tags: ["comments"],
        summary: "Remove your comment; its number stays taken",
        params: IdParam,
        headers: EditTokenHeader,
        response: { 200: PublicCommentBase, ...errors },
      },
    },
    async (req) => presentComment(await removeComment(deps, { commentId: req.params.id, editToken: tokenOf(req.headers) }), "tombstone"),
  );
}

function tokenOf(headers: { "x-edit-token"?: string }): string {
  const token = headers["x-edit-token"];
  if (!token) throw new DomainError("invalid_token", "Send the comment's edit token in the X-Edit-Token header.", "x-edit-token");
  return token;
}
