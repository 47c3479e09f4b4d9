import { Id } from "../schemas/id.js";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { cleanPostFields, cleanPublishing } from "../../domain/posts/post-fields.js";
import type { Post, PostStatus } from "../../domain/posts/post.js";
import { currentPublishing, savePost } from "../../domain/posts/save-post.js";
import { fieldsOf, unpublishPost } from "../../domain/posts/unpublish-post.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { User } from "../../domain/users/user.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { presentPost } from "../presenters/post.js";
import { PublicPost } from "../schemas/post.js";
import { Problem } from "../schemas/problem.js";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** What an editor writes, as JSON: the same fields and rules as the editor's form. */
const PostInput = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 400_000, description: "Markdown" }),
    slug: Type.Optional(Type.String({ maxLength: 200, description: "Empty or left out: made from the title" })),
    standfirst: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    dateline: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    labels: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
    source: Type.Optional(
      Type.Union([
        Type.Object({ outlet: Type.String({ maxLength: 500 }), url: Type.String({ maxLength: 1000 }), publishedAt: Type.Optional(Nullable(Type.String({ maxLength: 40 }))) }, { additionalProperties: false }),
        Type.Null(),
      ]),
    ),
    canonicalToSource: Type.Optional(Type.Boolean()),
    leadImage: Type.Optional(
      Type.Union([
        Type.Object({ url: Type.String({ maxLength: 1000 }), caption: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))), credit: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false }),
        Type.Null(),
      ]),
    ),
    commentMode: Type.Optional(Type.Union(["open", "moderated", "closed", "hidden"].map((m) => Type.Literal(m)))),
    publish: Type.Optional(Type.Union([Type.Literal("draft"), Type.Literal("now"), Type.Literal("schedule")], { description: "Default: draft" })),
    publishAt: Type.Optional(Type.String({ format: "date-time", description: "With publish: schedule" })),
  },
  { additionalProperties: false },
);
const PostPatch = Type.Composite([
  Type.Partial(PostInput),
  Type.Object({
    basedOn: Type.Optional(Type.String({ format: "date-time", description: "The post's updatedAt as last read: if it was saved since, the change is refused with 409 (no lost update)" })),
  }),
], { additionalProperties: false });

const EditorPost = Type.Composite([
  PublicPost,
  Type.Object({
    status: Type.String({ description: "draft, published or scheduled" }),
    bodySource: Type.String({ description: "Markdown, as written" }),
    labels: Type.Array(Type.String()),
    updatedAt: Type.String({ format: "date-time" }),
  }),
]);

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

type Input = Static<typeof PostPatch>;

/** The JSON body as the editor's form would have sent it: one set of rules for both (post-fields.ts). */
function asForm(input: Input, base: Record<string, string | undefined>): Record<string, string | undefined> {
  const has = (k: keyof Input) => Object.hasOwn(input, k);
  const text = (v: string | null | undefined) => (v === null || v === undefined ? "" : v);
  const form = { ...base };
  for (const k of ["title", "body", "slug", "standfirst", "dateline", "commentMode", "publish", "publishAt"] as const) if (has(k)) form[k] = text(input[k] as string | null);
  if (has("labels")) form.labels = (input.labels ?? []).map((l) => l.replace(/,/g, " ")).join(",");
  if (has("canonicalToSource")) form.canonicalToSource = input.canonicalToSource ? "1" : "";
  if (has("source")) Object.assign(form, { sourceOutlet: text(input.source?.outlet), sourceUrl: text(input.source?.url), sourcePublishedAt: text(input.source?.publishedAt) });
  if (has("leadImage")) Object.assign(form, { leadImageUrl: text(input.leadImage?.url), leadImageCaption: text(input.leadImage?.caption), leadImageCredit: text(input.leadImage?.credit) });
  return form;
}

/** A post's fields as the form would hold them, to apply a PATCH over. */
function formOf(post: Post, commentMode: string): Record<string, string | undefined> {
  const f = fieldsOf(post, commentMode as never);
  const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());
  return {
    title: f.title,
    slug: f.slug,
    standfirst: f.standfirst ?? "",
    body: f.body,
    dateline: f.dateline ?? "",
    labels: f.labels.join(","),
    sourceOutlet: f.sourceOutlet ?? "",
    sourceUrl: f.sourceUrl ?? "",
    sourcePublishedAt: iso(f.sourcePublishedAt),
    canonicalToSource: f.canonicalToSource ? "1" : "",
    leadImageUrl: f.leadImageUrl ?? "",
    leadImageCaption: f.leadImageCaption ?? "",
    leadImageCredit: f.leadImageCredit ?? "",
    commentMode: f.commentMode,
    // Only for a PATCH that gives "publishAt" alone (a new time): it schedules.
    publish: "schedule",
    publishAt: post.status === "scheduled" ? iso(post.publishedAt) : "",
  };
}

/** Editors' posts through the API: the same use cases as the editor's pages. Staff API tokens with "write:posts" (or a signed-in editor). */
export function registerPostWriteApi(app: FastifyInstance, deps: AppDeps): void {
  const editors = requirePermission("writePosts");
  const present = (p: Post) => ({
    ...presentPost(p, deps.config.publicUrl),
    status: p.status,
    bodySource: p.bodySource,
    labels: [...p.labels],
    updatedAt: new Date(p.updatedAt).toISOString(),
  });

  app.get<{ Querystring: { status?: string; limit?: number } }>(
    "/api/v1/posts",
    {
      preHandler: editors,
      schema: {
        tags: ["posts"],
        summary: "Every post, drafts and scheduled ones too, most recently changed first (editors)",
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal("draft"), Type.Literal("published"), Type.Literal("scheduled"), Type.Literal("trashed")])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ posts: Type.Array(EditorPost) }), ...errors },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      const rows = await deps.posts.listAllPosts(limit, { status: req.query.status as PostStatus | undefined });
      return { posts: rows.map((r) => present(r.post)) };
    },
  );

  app.post<{ Body: Static<typeof PostInput> }>(
    "/api/v1/posts",
    {
      preHandler: editors,
      schema: { tags: ["posts"], summary: "Write a post: a draft, published now, or scheduled (editors)", body: PostInput, response: { 201: Type.Object({ post: EditorPost }), ...errors } },
    },
    async (req, reply) => {
      const form = asForm(req.body, {});
      const post = await savePost(deps, { fields: cleanPostFields(form), publishing: cleanPublishing(form, deps.clock.now()), editorId: (req.user as User).id });
      return reply.status(201).send({ post: present(post) });
    },
  );

  app.patch<{ Params: { id: number }; Body: Input }>(
    "/api/v1/posts/:id",
    {
      preHandler: editors,
      schema: {
        tags: ["posts"],
        summary: "Change some of a post's fields; the rest stay (editors). Every change is a revision.",
        params: Type.Object({ id: Id() }),
        body: PostPatch,
        response: { 200: Type.Object({ post: EditorPost }), ...errors },
      },
    },
    async (req) => {
      const existing = await deps.posts.findPostById(req.params.id);
      const thread = existing && (await deps.threads.findThread(existing.threadId));
      if (!existing || !thread) throw new DomainError("not_found", "There is no such post.", "id");
      const form = asForm(req.body, formOf(existing, thread.mode));
      // Without "publish" or "publishAt" the post goes out as it is: the domain's currentPublishing.
      const keeps = !Object.hasOwn(req.body, "publish") && !Object.hasOwn(req.body, "publishAt");
      const publishing = keeps ? currentPublishing(existing, deps.clock.now()) : cleanPublishing(form, deps.clock.now());
      const basedOn = req.body.basedOn === undefined ? undefined : Date.parse(req.body.basedOn);
      const post = await savePost(deps, { postId: existing.id, fields: cleanPostFields(form), publishing, editorId: (req.user as User).id, ...(basedOn === undefined ? {} : { basedOn }) });
      return { post: present(post) };
    },
  );

  app.post<{ Params: { id: number } }>(
    "/api/v1/posts/:id/unpublish",
    {
      preHandler: editors,
      schema: { tags: ["posts"], summary: "Take a post off the site (back to draft); its address and discussion stay", params: Type.Object({ id: Id() }), response: { 200: Type.Object({ post: EditorPost }), ...errors } },
    },
    async (req) => ({ post: present(await unpublishPost(deps, { postId: req.params.id, editorId: (req.user as User).id })) }),
  );
}
