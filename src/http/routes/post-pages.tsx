import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { siteChrome } from "../../views/site-chrome.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { getPostPage } from "../../domain/posts/get-post-page.js";
import { isPostPublic } from "../../domain/posts/post.js";
import { isDomainError } from "../../domain/shared/errors.js";
import type { FormState } from "../../views/comment-form.js";
import { Layout } from "../../views/layout.js";
import { ReplyPage } from "../../views/reply-page.js";
import { MessagePage } from "../../views/message-page.js";
import { cacheKeys, filledBody, type RenderedCache } from "../cache/rendered-cache.js";
import { cutSlots, fillSlots } from "../cache/slotted.js";
import { referrerHostOf, userAgentOf } from "../client.js";
import { postFromForm } from "../comment-form.js";
import { problemText } from "../../views/i18n/problems.js";
import type { AppDeps } from "../deps.js";
import { floodCount } from "../plugins/flood-guard.js";
import { ownedTokens, rememberToken } from "../owner-cookie.js";
import { discussionPageHref } from "../pages/discussion-page-links.js";
import { renderPostPage } from "../pages/post-page-render.js";
import { STATUS_OF } from "../problem.js";
import { presentComment } from "../presenters/comment.js";
import { renderDocument } from "../render.js";
import { anchorOf } from "../../domain/comments/comment.js";
import { pageStartAt } from "../../domain/comments/reading-page.js";
import { isThreadSort, type ThreadSort } from "../../domain/comments/sort-thread.js";
import { scoreFallback, type ScoreCache } from "../cache/score-cache.js";

/** The reader's chosen order of a discussion. */
const SORT_COOKIE = "bs_sort";

type SlugParams = { Params: { slug: string } };
type CommentForm = { body?: string; authorName?: string; authorWebsite?: string; parentId?: string; homepage?: string };

/** The post page (cached, views counted), the plain comment form's target, and the reply page. */
export function registerPostPages(app: FastifyInstance, deps: AppDeps, cache: RenderedCache, scores: ScoreCache): void {
  const secure = deps.config.publicUrl.startsWith("https:");
  const ownHosts = new Set([new URL(deps.config.publicUrl).hostname.replace(/^www\./, "")]);
  const commentFlood = floodCount(deps, "comment");

  app.get<SlugParams & { Querystring: { sort?: string; after?: string } }>("/posts/:slug", async (req, reply) => {
    const slug = req.params.slug;
    // The order a reader chose is remembered (a preference, not a tracker) and works without JavaScript.
    const sort = isThreadSort(req.query.sort) ? req.query.sort : isThreadSort(req.cookies[SORT_COOKIE]) ? (req.cookies[SORT_COOKIE] as ThreadSort) : "oldest";
    if (isThreadSort(req.query.sort)) reply.setCookie(SORT_COOKIE, sort, { path: "/", maxAge: 365 * 86_400, sameSite: "lax", httpOnly: true, secure });
    // A later page of a discussion too long for one (reading-page.ts).
    const afterRoot = parseId(req.query.after);
    const key = `${cacheKeys.postPage(slug)}${sort === "oldest" ? "" : `?sort=${sort}`}${afterRoot === undefined ? "" : `#after=${afterRoot}`}`;
    if (afterRoot !== undefined && !cache.peek(key)) {
      // Only a page start is a page: any other number is sent to the page that holds it.
      const post = await deps.posts.findPostBySlug(slug);
      const start = post ? await pageStartAt(deps, post.threadId, { afterRoot, sort }) : afterRoot;
      if (start !== afterRoot) return reply.redirect(discussionPageHref(`/posts/${encodeURIComponent(slug)}`, sort === "oldest" ? "" : `sort=${sort}`, start), 302);
    }
    const cached = await cache.get(key, async () => {
      const page = await getPostPage(deps, { slug, sort, afterRoot });
      if (!page) return undefined;
      const now = deps.clock.now();
      deps.views.observe(page.thread.id, page.thread.viewCount);
      const html = renderPostPage(page, { publicUrl: deps.config.publicUrl, timeZone: siteChrome().timeZone, now });
      return { threadId: page.thread.id, siteId: page.site.id, storedViews: page.thread.viewCount, page: cutSlots(html), expiresAt: now + cache.ttl, votes: page.site.votes };
    });
    if (!cached) {
      // An address the post used to have: send readers (and search engines) on, permanently.
      const moved = await deps.posts.findPostByOldPath(`/posts/${slug}`);
      if (moved && moved.slug !== slug && isPostPublic(moved, deps.clock.now())) return reply.redirect(`/posts/${encodeURIComponent(moved.slug)}`, 301);
      return notFound(reply);
    }
    if (req.method === "GET") deps.views.record(cached.threadId, cached.siteId, req.ip, userAgentOf(req), referrerHostOf(req, ownHosts));
    // The serve time is kept to the second, so under load one filled body serves many requests.
    const values = {
      views: String(deps.views.totalFor(cached.threadId, cached.storedViews)),
      served: String(Math.floor(deps.clock.now() / 1000) * 1000),
    };
    const scoreSlots = await scores.slotValues(cached.threadId, cached.votes ?? "none");
    const owned = ownedTokens(req);
    if (owned.size === 0 && !req.user) return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(filledBody(cached, values, scoreSlots));
    // A reader whose comment is held sees it, marked as awaiting moderation: that page is theirs alone.
    const viewer = { ownedIds: new Set(owned.keys()), userId: req.user?.id };
    let page = cached.page;
    if (await deps.comments.hasHeldComments(cached.threadId, { ids: [...viewer.ownedIds], userId: viewer.userId })) {
      const own = await getPostPage(deps, { slug, viewer, sort, afterRoot });
      if (own) page = cutSlots(renderPostPage(own, { publicUrl: deps.config.publicUrl, timeZone: siteChrome().timeZone, now: deps.clock.now() }));
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "private, no-cache")
      .send(withOwnerLinks(fillSlots(page, { ...values, ...scoreSlots.values }, scoreFallback).toString("utf8"), owned));
  });

  app.post<SlugParams & { Body: CommentForm }>(
    "/posts/:slug/comments",
    { onRequest: commentFlood },
    async (req, reply) => {
      const form = req.body ?? {};
      const post = await deps.posts.findPostBySlug(req.params.slug);
      if (!post) return notFound(reply);
      const parentId = form.parentId ? (parseId(form.parentId) ?? NO_ID) : undefined;
      try {
        const { comment, editToken } = await postFromForm(deps, req, post.threadId, form);
        rememberToken(req, reply, comment.id, editToken, secure);
        return reply.redirect(`/posts/${encodeURIComponent(post.slug)}#${anchorOf(comment.numberPath)}`, 303);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        const state: FormState = { values: form, error: { field: err.field, message: problemText((await deps.sites.getSite(post.siteId)).language, err.text, err.message) } };
        reply.status(STATUS_OF[err.code]);
        if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
        if (parentId !== undefined && err.field !== "parentId") return sendReplyPage(req, reply, req.params.slug, parentId, state);
        return sendPostPageWithForm(reply, req.params.slug, state);
      }
    },
  );

  app.get<{ Params: { id: string } }>("/comments/:id/reply", async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    const parent = Number.isSafeInteger(id) ? await deps.comments.findComment(id) : undefined;
    const post = parent ? await deps.posts.findPostByThreadId(parent.threadId) : undefined;
    if (!post) return notFound(reply);
    return sendReplyPage(req, reply, post.slug, id);
  });

  async function sendPostPageWithForm(reply: FastifyReply, slug: string, state: FormState) {
    const page = await getPostPage(deps, { slug });
    if (!page) return notFound(reply);
    const html = renderPostPage(page, { publicUrl: deps.config.publicUrl, timeZone: siteChrome().timeZone, now: deps.clock.now(), formState: state });
    return reply.type("text/html; charset=utf-8").send(
      fillSlots(cutSlots(html), { views: String(deps.views.totalFor(page.thread.id, page.thread.viewCount)), served: String(deps.clock.now()), ...(await scores.slotValues(page.thread.id, page.site.votes)).values }, scoreFallback),
    );
  }

  async function sendReplyPage(_req: FastifyRequest, reply: FastifyReply, slug: string, parentId: number, state?: FormState) {
    const page = await getPostPage(deps, { slug });
    const parent = Number.isSafeInteger(parentId) ? await deps.comments.findComment(parentId) : undefined;
    if (!page || !page.access.visible || !parent || parent.threadId !== page.thread.id || parent.status !== "published") return notFound(reply);
    if (!page.access.writable) {
      return reply.status(403).type("text/html; charset=utf-8").send(
        renderDocument(
          <Layout title="Discussion closed" siteName={page.site.name}>
            <MessagePage heading="This discussion is closed" message="It takes no new comments or replies." back={{ href: `/posts/${encodeURIComponent(page.post.slug)}#comments`, label: "Back to the discussion" }} />
          </Layout>,
        ),
      );
    }
    return reply.type("text/html; charset=utf-8").send(
      renderDocument(
        <Layout title={`Reply to #${parent.numberPath.join(".")}`} siteName={page.site.name}>
          <ReplyPage slug={page.post.slug} postTitle={page.post.title} parent={{ ...presentComment(parent), replies: [] }} allowAnonymous={page.site.allowAnonymous} now={deps.clock.now()} state={state} />
        </Layout>,
      ),
    );
  }

  function notFound(reply: FastifyReply) {
    return reply.callNotFound();
  }
}

/**
 * Adds "Edit or remove" to the reader's own comments (known from their owner cookie): into the
 * first actions footer after the comment's opening tag, which is its own (replies come after it).
 */
function withOwnerLinks(html: string, owned: Map<number, string>): string {
  let out = html;
  for (const id of owned.keys()) {
    const start = out.indexOf(` data-id="${id}" `);
    const end = start < 0 ? -1 : out.indexOf("</footer>", start);
    if (end < 0) continue;
    out = `${out.slice(0, end)}<span class="own"><a href="/comments/${id}/edit" rel="nofollow">Edit or remove</a></span>${out.slice(end)}`;
  }
  return out;
}
