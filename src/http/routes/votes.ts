import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { Id } from "../schemas/id.js";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { anchorOf } from "../../domain/comments/comment.js";
import { currentVoteOf, guestVotesUsedUp, voteOnComment, type Voter } from "../../domain/votes/vote.js";
import type { ScoreCache } from "../cache/score-cache.js";
import { userAgentOf } from "../client.js";
import type { AppDeps } from "../deps.js";
import { ownedTokens } from "../owner-cookie.js";
import { floodGuard } from "../plugins/flood-guard.js";
import { Problem } from "../schemas/problem.js";

/** The reader voting: their account, or for a guest the day's private reader hash for the thread. */
function voterOf(deps: AppDeps, req: FastifyRequest): Voter {
  const owns = (c: { id: number; authorUserId: number | null }) => ownedTokens(req).has(c.id) || (req.user != null && c.authorUserId === req.user.id);
  const user = req.user;
  if (user) return { keyFor: () => `user:${user.id}`, owns };
  return {
    keyFor: (threadId) => {
      const key = deps.views.guestVoterKey(threadId, req.ip, userAgentOf(req));
      if (key === undefined) throw guestVotesUsedUp(deps.clock.now());
      return `reader:${key}`;
    },
    owns,
  };
}


/** Votes on comments: the JSON API the page's script uses, and the plain form without JavaScript. */
export function registerVoteRoutes(app: FastifyInstance, deps: AppDeps, scores: ScoreCache): void {
  const flood = floodGuard(deps, "vote");
  // A vote needs only whether the discussion may be read: its thread is remembered (deps.ts).
  const voting = { ...deps, threads: deps.accessThreads };
  const cast = async (req: FastifyRequest, commentId: number, value: number) => {
    const { threadId, ...score } = await voteOnComment(voting, { commentId, value, voter: voterOf(deps, req) });
    scores.applyVote(threadId, commentId, score);
    return { score, threadId };
  };

  app.post<{ Params: { id: number }; Body: { value: number } }>(
    "/api/v1/comments/:id/vote",
    {
      onRequest: flood,
      schema: {
        tags: ["comments"],
        summary: "Vote on a comment: 1 up (or like), -1 down, 0 takes the vote back",
        params: Type.Object({ id: Id() }),
        body: Type.Object({ value: Type.Integer({ minimum: -1, maximum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ up: Type.Integer(), down: Type.Integer(), mine: Type.Integer() }), 400: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (req) => (await cast(req, req.params.id, req.body.value)).score,
  );

  // The vote buttons' form, without JavaScript: pressing the button of the vote one has takes it
  // back, and the page comes back at the comment — the post page, or the embedded frame it was
  // pressed in. (The page's script votes through the API and updates the score in place.)
  app.post<{ Params: { id: string }; Body: { value?: string } }>("/comments/:id/vote", { onRequest: flood }, async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    const wanted = Number(req.body?.value);
    const current = Number.isSafeInteger(id) ? await currentVoteOf(deps, id, voterOf(deps, req)) : 0;
    const { threadId } = await cast(req, id, current === wanted ? 0 : wanted);
    const [post, comment] = await Promise.all([deps.posts.findPostByThreadId(threadId), deps.comments.findComment(id)]);
    const anchor = comment ? `#${anchorOf(comment.numberPath)}` : "";
    const frame = embeddedFrameOf(req.headers.referer, deps.config.publicUrl);
    return reply.redirect(frame ? `${frame}${anchor}` : post ? `/posts/${encodeURIComponent(post.slug)}${anchor}` : "/", 303);
  });
}

/** The embedded frame a form was sent from (our own origin, /embed/thread?…), without its fragment. */
function embeddedFrameOf(referer: string | undefined, publicUrl: string): string | undefined {
  if (!referer || !URL.canParse(referer)) return undefined;
  const u = new URL(referer);
  if (u.origin !== new URL(publicUrl).origin || u.pathname !== "/embed/thread") return undefined;
  return `${u.pathname}${u.search}`;
}
