import { parseId, parseVersion, NO_ID } from "../../domain/shared/ids.js";
import { siteChrome } from "../../views/site-chrome.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { assetUrl } from "../../views/asset-urls.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { JSX } from "preact";
import { renderPostMarkdown } from "../../domain/markup/render-markdown.js";
import { uploadImage } from "../../domain/media/upload-image.js";
import { cleanPostFields, cleanPublishing } from "../../domain/posts/post-fields.js";
import type { Post } from "../../domain/posts/post.js";
import { restoreRevision } from "../../domain/posts/restore-revision.js";
import { savePost } from "../../domain/posts/save-post.js";
import { unpublishPost } from "../../domain/posts/unpublish-post.js";
import { DomainError, isDomainError } from "../../domain/shared/errors.js";
import { cleanText } from "../../domain/shared/text.js";
import type { ThreadMode } from "../../domain/threads/thread.js";
import type { User } from "../../domain/users/user.js";
import { PostForm, type PostFormValues } from "../../views/editor/post-form.js";
import { PostList, TrashConfirm, type PostListFilter } from "../../views/editor/post-list.js";
import { StatsPage } from "../../views/editor/stats-page.js";
import { getReaderStats } from "../../domain/stats/reader-stats.js";
import { RevisionList } from "../../views/editor/revisions.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";
import { restoreFromTrash, trashPost } from "../../domain/posts/trash-post.js";
import { can } from "../../domain/users/policies.js";
import { utcToZonedInput } from "../../domain/shared/zoned-time.js";

type IdParams = { Params: { id: string } };
type Form = Record<string, string | undefined>;

/** The editors' pages: list, write, preview, publish or schedule, unpublish, revisions. */
export function registerEditorPages(app: FastifyInstance, deps: AppDeps): void {
  const editors = { preHandler: requirePermission("writePosts") };
  const forms = { preValidation: app.csrfProtection, preHandler: requirePermission("writePosts") };
  const editor = (req: { user: User | null }) => req.user as User; // requirePermission("writePosts") let only editors through

  const page = async (reply: FastifyReply, title: string, body: JSX.Element) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name} scripts={[assetUrl("editor.js")]}>{body}</Layout>));

  const postOr404 = async (id: string): Promise<Post> => {
    const post = /^\d{1,12}$/.test(id) ? await deps.posts.findPostById(Number(id)) : undefined;
    if (!post) throw new DomainError("not_found", "There is no such post.");
    return post;
  };

  const form = async (reply: FastifyReply, props: Omit<Parameters<typeof PostForm>[0], "csrfToken">) =>
    page(reply, props.postId ? "Edit post" : "New post", <PostForm {...props} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} />);

  const STATUSES = new Set(["draft", "scheduled", "published", "trashed"]);
  app.get<{ Querystring: { status?: string; label?: string; author?: string; done?: string } }>("/editor", editors, async (req, reply) => {
    const filter = {
      status: (STATUSES.has(req.query.status ?? "") ? req.query.status : "") as PostListFilter["status"],
      label: String(req.query.label ?? "").toLowerCase().slice(0, 40),
      author: /^\d{1,12}$/.test(req.query.author ?? "") ? String(req.query.author) : "",
    };
    const [posts, labels, users] = await Promise.all([
      deps.posts.listAllPosts(200, { status: filter.status || undefined, label: filter.label || undefined, authorId: filter.author ? Number(filter.author) : undefined }),
      deps.posts.listLabels(),
      deps.users.listUsers(),
    ]);
    const authors = users.filter((u) => can.writePosts(u)).map((u) => ({ id: u.id, name: u.displayName }));
    const notice = req.query.done === "trashed" ? "The post is in the trash." : req.query.done === "restored" ? "The post is back, as a draft." : undefined;
    return page(reply, "Posts", <PostList posts={posts} timeZone={siteChrome().timeZone} now={deps.clock.now()} filter={filter} labels={labels} authors={authors} csrfToken={reply.generateCsrf()} notice={notice} />);
  });

  app.get<IdParams>("/editor/posts/:id/trash", editors, async (req, reply) => {
    const post = await postOr404(req.params.id);
    return page(reply, "Delete the post?", <TrashConfirm post={post} csrfToken={reply.generateCsrf()} />);
  });
  app.post<IdParams>("/editor/posts/:id/trash", forms, async (req, reply) => {
    await trashPost(deps, { postId: (await postOr404(req.params.id)).id });
    return reply.redirect("/editor?status=trashed&done=trashed", 303);
  });
  app.post<IdParams>("/editor/posts/:id/untrash", forms, async (req, reply) => {
    const post = await restoreFromTrash(deps, { postId: (await postOr404(req.params.id)).id });
    return reply.redirect(`/editor/posts/${post.id}?saved=1`, 303);
  });

  const statsReaders = { preHandler: requirePermission("viewReaderStatistics") };
  app.get<{ Querystring: { site?: string } }>("/editor/stats", statsReaders, async (req, reply) => {
    const sites = (await deps.sites.listSites()).map((x) => ({ id: x.id, name: x.name }));
    const chosen = sites.find((x) => String(x.id) === req.query.site);
    const title = chosen ? `Reader statistics: ${chosen.name}, last 30 days` : "Reader statistics, last 30 days";
    return page(reply, "Reader statistics", <StatsPage title={title} sites={sites} siteId={chosen?.id} stats={await getReaderStats(deps, { days: 30, siteId: chosen?.id })} />);
  });
  app.get<IdParams>("/editor/posts/:id/stats", statsReaders, async (req, reply) => {
    const post = await postOr404(req.params.id);
    return page(reply, `Statistics: ${post.title}`, <StatsPage title={`“${post.title}”, last 30 days`} stats={await getReaderStats(deps, { days: 30, threadId: post.threadId })} />);
  });

  app.get("/editor/posts/new", editors, async (_req, reply) => form(reply, { action: "/editor/posts", values: {} }));

  app.get<IdParams & { Querystring: { saved?: string } }>("/editor/posts/:id", editors, async (req, reply) => {
    const post = await postOr404(req.params.id);
    const thread = await deps.threads.findThread(post.threadId);
    return form(reply, {
      action: `/editor/posts/${post.id}`,
      values: valuesOf(post, thread?.mode ?? "open"),
      postId: post.id,
      publicUrl: `/posts/${post.slug}`,
      previewHtml: post.bodyHtml,
      notice: req.query.saved ? "Saved." : undefined,
    });
  });

  const save = async (reply: FastifyReply, raw: Record<string, unknown>, user: User, post?: Post) => {
    const action = post ? `/editor/posts/${post.id}` : "/editor/posts";
    const { leadImageFile, ...fieldsOnly } = raw;
    let body = stringsOf(fieldsOnly);
    const base = { action, values: body, postId: post?.id, publicUrl: post ? `/posts/${post.slug}` : undefined };
    if (body.action === "preview") return form(reply, { ...base, previewHtml: renderPostMarkdown(cleanText(body.body ?? "")) });
    try {
      if (Buffer.isBuffer(leadImageFile) && leadImageFile.length > 0) {
        const { url } = await uploadImage(deps, { bytes: leadImageFile, field: "leadImageFile" });
        body = { ...body, leadImageUrl: url };
        base.values = body;
      }
      const basedOn = post ? parseVersion(body.basedOn) : undefined;
      const saved = await savePost(deps, {
        postId: post?.id,
        ...(basedOn === undefined ? {} : { basedOn }),
        fields: cleanPostFields(body),
        publishing: cleanPublishing(body, deps.clock.now(), siteChrome().timeZone),
        editorId: user.id,
      });
      return reply.redirect(`/editor/posts/${saved.id}?saved=1`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return form(reply, { ...base, error: { field: err.field, message: err.message }, previewHtml: renderPostMarkdown(cleanText(body.body ?? "")) });
    }
  };

  app.post<{ Body: Record<string, unknown> }>("/editor/posts", forms, async (req, reply) => save(reply, req.body ?? {}, editor(req)));

  app.post<IdParams & { Body: Record<string, unknown> }>("/editor/posts/:id", forms, async (req, reply) => save(reply, req.body ?? {}, editor(req), await postOr404(req.params.id)));

  app.post<IdParams>("/editor/posts/:id/unpublish", forms, async (req, reply) => {
    const post = await unpublishPost(deps, { postId: (await postOr404(req.params.id)).id, editorId: editor(req).id });
    return reply.redirect(`/editor/posts/${post.id}?saved=1`, 303);
  });

  app.get<IdParams>("/editor/posts/:id/revisions", editors, async (req, reply) => {
    const post = await postOr404(req.params.id);
    return page(reply, "Revisions", <RevisionList postId={post.id} title={post.title} revisions={await deps.posts.listRevisions(post.id)} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} />);
  });

  app.post<{ Params: { id: string; rev: string } }>("/editor/posts/:id/revisions/:rev/restore", forms, async (req, reply) => {
    const post = await postOr404(req.params.id);
    await restoreRevision(deps, { postId: post.id, revisionId: parseId(req.params.rev) ?? NO_ID, editorId: editor(req).id });
    return reply.redirect(`/editor/posts/${post.id}?saved=1`, 303);
  });

  // Live preview for the editor's script: the same renderer as publishing, nothing stored.
  app.post<{ Body: { body?: string } }>(
    "/editor/preview",
    { preValidation: app.csrfProtection, preHandler: requirePermission("writePosts"), schema: { hide: true } },
    async (req) => ({ html: renderPostMarkdown(cleanText(String(req.body?.body ?? "").slice(0, 200_000))) }),
  );
}

/** The text fields of a form body (multipart or urlencoded). */
function stringsOf(body: Record<string, unknown>): Form {
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A post as the form's text values. */
function valuesOf(post: Post, mode: ThreadMode): PostFormValues {
  const day = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().slice(0, 10));
  const scheduled = post.status === "scheduled" && post.publishedAt !== null;
  return {
    title: post.title,
    slug: post.slug,
    standfirst: post.standfirst ?? "",
    dateline: post.dateline ?? "",
    body: post.bodySource,
    labels: post.labels.join(", "),
    sourceOutlet: post.source?.outlet ?? "",
    sourceUrl: post.source?.url ?? "",
    sourcePublishedAt: day(post.source?.publishedAt ?? null),
    canonicalToSource: post.canonicalToSource ? "on" : "",
    leadImageUrl: post.leadImage?.url ?? "",
    leadImageCaption: post.leadImage?.caption ?? "",
    leadImageCredit: post.leadImage?.credit ?? "",
    commentMode: mode,
    publish: post.status === "draft" ? "draft" : scheduled ? "schedule" : "now",
    publishAt: scheduled ? utcToZonedInput(post.publishedAt as number, siteChrome().timeZone) : "",
    basedOn: String(post.updatedAt),
  };
}
