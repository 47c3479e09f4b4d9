import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { listThread } from "../../domain/comments/list-thread.js";
import { getPostPage } from "../../domain/posts/get-post-page.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps } from "../deps.js";
import { presentThreadView } from "../presenters/thread.js";
import { presentPost } from "../presenters/post.js";
import { ThreadResponse } from "../schemas/comment.js";
import { PublicPost } from "../schemas/post.js";
import { Problem } from "../schemas/problem.js";

/** A post with the first page of its thread. */
export function registerPostApi(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { slug: string } }>(
    "/api/v1/posts/:slug",
    {
      schema: {
        tags: ["posts"],
        summary: "A post with the first page of its discussion",
        params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
        response: { 200: Type.Object({ post: PublicPost, thread: ThreadResponse }), 404: Problem },
      },
    },
    async (req) => {
      const page = await getPostPage(deps, { slug: req.params.slug });
      if (!page) throw new DomainError("not_found", "There is no such post.", "slug");
      // A hidden discussion's post is still public: its thread comes back with no comments.
      const view = page.access.visible ? await listThread(deps, { threadId: page.thread.id }) : { thread: page.thread, nodes: [], nextCursor: null };
      return {
        post: presentPost(page.post, deps.config.publicUrl),
        thread: presentThreadView(view, deps.views),
      };
    },
  );
}
