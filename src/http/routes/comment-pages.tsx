import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { anchorOf, canRemoveComment, editRefusal } from "../../domain/comments/comment.js";
import { editComment } from "../../domain/comments/edit-comment.js";
import { removeComment } from "../../domain/comments/remove-comment.js";
import { verifyEditToken } from "../../domain/comments/verify-edit-token.js";
import { findDiscussion } from "../../domain/threads/find-discussion.js";
import { DomainError, isDomainError } from "../../domain/shared/errors.js";
import { problemText } from "../../views/i18n/problems.js";
import { reportComment } from "../../domain/moderation/report-comment.js";
import { ReportPage } from "../../views/report-page.js";
import { EditCommentPage } from "../../views/edit-comment-page.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { floodCount, floodGuard } from "../plugins/flood-guard.js";
import { reporterOf } from "../client.js";
import { ownedTokens } from "../owner-cookie.js";
import { STATUS_OF } from "../problem.js";
import { presentComment } from "../presenters/comment.js";
import { renderDocument } from "../render.js";

type IdParams = { Params: { id: string } };

/**
 * Without JavaScript, authors edit and remove their comments through these pages, proving
 * ownership with the secret kept in their owner cookie. Forms carry a CSRF token.
 */
export function registerCommentPages(app: FastifyInstance, deps: AppDeps): void {
  const guarded = { onRequest: floodGuard(deps, "comment"), preValidation: app.csrfProtection };
  /** A refusal worded in the language of the comment's site (our blog's when the comment is gone). */
  const say = async (id: number, err: DomainError) => {
    const comment = Number.isSafeInteger(id) ? await deps.comments.findComment(id) : undefined;
    const thread = comment && (await deps.threads.findThread(comment.threadId));
    return problemText((await deps.sites.getSite(thread?.siteId ?? OWN_SITE_ID)).language, err.text, err.message);
  };

  app.get<IdParams>("/comments/:id/edit", async (req, reply) => sendEditPage(req, reply, parseId(req.params.id) ?? NO_ID));

  app.post<IdParams & { Body: { body?: string } }>("/comments/:id/edit", { onRequest: floodCount(deps, "comment"), preValidation: guarded.preValidation }, async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    try {
      // Refused inside the try, so an author over the limit gets their edited text back.
      if (req.floodRefusal) throw req.floodRefusal;
      const c = await editComment(deps, { commentId: id, editToken: tokenFor(req, id), body: String(req.body?.body ?? ""), clientAddress: req.ip });
      return redirectToComment(reply, c.threadId, anchorOf(c.numberPath));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
      return sendEditPage(req, reply, id, { message: await say(id, err), field: err.field }, String(req.body?.body ?? ""));
    }
  });

  app.post<IdParams>("/comments/:id/remove", guarded, async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    try {
      const c = await removeComment(deps, { commentId: id, editToken: tokenFor(req, id) });
      return redirectToComment(reply, c.threadId, "comments");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return sendEditPage(req, reply, id, { message: await say(id, err), field: err.field });
    }
  });

  const reporting = { onRequest: floodGuard(deps, "report"), preValidation: app.csrfProtection };

  app.get<IdParams>("/comments/:id/report", async (req, reply) => sendReportPage(reply, parseId(req.params.id) ?? NO_ID));

  app.post<IdParams & { Body: { reason?: string } }>("/comments/:id/report", reporting, async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    try {
      if (!Number.isSafeInteger(id)) throw new DomainError("not_found", "That comment does not exist.").as("commentMissing");
      await reportComment(deps, { commentId: id, reason: String(req.body?.reason ?? ""), reporter: reporterOf(deps, req) });
      return sendReportPage(reply, id, { done: true });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return sendReportPage(reply, id, { error: await say(id, err) });
    }
  });

  async function sendReportPage(reply: FastifyReply, id: number, state: { done?: boolean; error?: string } = {}) {
    const comment = Number.isSafeInteger(id) ? await deps.comments.findComment(id) : undefined;
    const discussion = comment ? await findDiscussion(deps, comment.threadId) : undefined;
    const where = discussion?.access.visible ? discussionUrlOf(discussion) : undefined;
    if (!comment || !discussion || where === undefined || (comment.status !== "published" && !state.done && !state.error)) return reply.callNotFound();
    const siteName = discussion.site.name;
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(
      renderDocument(
        <Layout title={`Report comment #${comment.numberPath.join(".")}`} siteName={siteName}>
          <ReportPage comment={{ ...presentComment(comment, comment.status === "published" ? "comment" : "tombstone"), replies: [] }} discussionUrl={where} csrfToken={reply.generateCsrf()} now={deps.clock.now()} {...state} />
        </Layout>,
      ),
    );
  }

  /** Where a discussion is read: our post's page, or the embedding site's page. */
  function discussionUrlOf(d: { post: { slug: string } | null; thread: { page: { url: string } | null } }): string | undefined {
    return d.post ? `/posts/${encodeURIComponent(d.post.slug)}` : d.thread.page?.url;
  }

  function tokenFor(req: FastifyRequest, id: number): string {
    return Number.isSafeInteger(id) ? (ownedTokens(req).get(id) ?? "") : "";
  }

  async function redirectToComment(reply: FastifyReply, threadId: number, anchor: string) {
    const post = await findPostOfThread(threadId);
    return reply.redirect(post ? `/posts/${encodeURIComponent(post)}#${anchor}` : "/", 303);
  }

  async function findPostOfThread(threadId: number): Promise<string | undefined> {
    return (await deps.posts.findPostByThreadId(threadId))?.slug;
  }

  async function sendEditPage(req: FastifyRequest, reply: FastifyReply, id: number, error?: { message: string; field?: string | undefined }, draft?: string) {
    const owned = Number.isSafeInteger(id) ? await verifyEditToken(deps, id, tokenFor(req, id)).then((v) => v.comment, () => undefined) : undefined;
    const discussion = owned ? await findDiscussion(deps, owned.threadId) : undefined;
    const siteName = (discussion?.site ?? (await deps.sites.getSite(OWN_SITE_ID))).name;
    // Readers cannot reach a comment whose discussion they may not see, not even their own.
    const comment = discussion?.access.visible ? owned : undefined;
    if (!comment || !discussion) {
      return reply.status(error ? reply.statusCode : 403).type("text/html; charset=utf-8").send(
        renderDocument(
          <Layout title="Not your comment" siteName={siteName}>
            <div class="message-page">
              <h1>You can only change your own comments</h1>
              <p>{error?.message ?? "This browser does not hold the key for that comment. Comments can be changed only from the browser they were posted from."}</p>
            </div>
          </Layout>,
        ),
      );
    }
    const csrfToken = reply.generateCsrf();
    return reply.type("text/html; charset=utf-8").send(
      renderDocument(
        <Layout title={`Your comment #${comment.numberPath.join(".")}`} siteName={siteName}>
          <EditCommentPage
            discussionUrl={discussionUrlOf(discussion)}
            comment={{ ...presentComment(comment), replies: [] }}
            body={draft ?? comment.bodySource}
            editRefusal={discussion.access.writable ? editRefusal(comment, deps.clock.now())?.message : "This discussion is closed, so comments can no longer be edited."}
            canRemove={canRemoveComment(comment)}
            csrfToken={csrfToken}
            error={error}
          />
        </Layout>,
      ),
    );
  }
}
