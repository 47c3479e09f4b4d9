import type { ThreadMode } from "../domain/threads/thread.js";
import type { Kysely, Selectable } from "kysely";
import type { NewPost, NewRevision, PostRevision, PostStore } from "../domain/posts/ports.js";
import { LIVE_STATUSES, type Post, type PostStatus } from "../domain/posts/post.js";
import { savedMeanwhile } from "../domain/shared/errors.js";
import { withTransaction, type Store } from "./db.js";
import type { Database, PostsTable } from "./schema.js";

function toPost(r: Selectable<PostsTable>, labels: readonly string[]): Post {
  return {
    id: Number(r.id),
    siteId: Number(r.site_id),
    threadId: Number(r.thread_id),
    slug: r.slug,
    title: r.title,
    standfirst: r.standfirst,
    bodySource: r.body_source,
    bodyHtml: r.body_html,
    dateline: r.dateline,
    leadImage: r.lead_image_url ? { url: r.lead_image_url, caption: r.lead_image_caption, credit: r.lead_image_credit } : null,
    source:
      r.source_outlet && r.source_url
        ? { outlet: r.source_outlet, url: r.source_url, publishedAt: r.source_published_at === null ? null : Number(r.source_published_at) }
        : null,
    canonicalToSource: r.canonical_to_source === 1,
    status: r.status as PostStatus,
    publishedAt: r.published_at === null ? null : Number(r.published_at),
    labels,
    authorId: r.author_id === null ? null : Number(r.author_id),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The post's columns, as written by insert and update alike. */
function columns(p: NewPost) {
  return {
    slug: p.slug,
    title: p.title,
    standfirst: p.standfirst,
    body_source: p.bodySource,
    body_html: p.bodyHtml,
    dateline: p.dateline,
    lead_image_url: p.leadImage?.url ?? null,
    lead_image_caption: p.leadImage?.caption ?? null,
    lead_image_credit: p.leadImage?.credit ?? null,
    source_outlet: p.source?.outlet ?? null,
    source_url: p.source?.url ?? null,
    source_published_at: p.source?.publishedAt ?? null,
    canonical_to_source: p.canonicalToSource ? 1 : 0,
    status: p.status,
    published_at: p.publishedAt,
    author_id: p.authorId,
    updated_at: p.updatedAt,
  };
}

async function labelsOf(db: Kysely<Database>, postIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (postIds.length === 0) return out;
  const rows = await db.selectFrom("post_labels").select(["post_id", "label"]).where("post_id", "in", postIds).orderBy("label").execute();
  for (const r of rows) {
    const list = out.get(Number(r.post_id));
    if (list) list.push(r.label);
    else out.set(Number(r.post_id), [r.label]);
  }
  return out;
}

/** A post and its discussion, gone for good: every row that names the post, its thread or its comments. */
async function purgePost(trx: Kysely<Database>, postId: number, threadId: number): Promise<void> {
  const comments = trx.selectFrom("comments").select("id").where("thread_id", "=", threadId);
  const subscriptions = trx.selectFrom("subscriptions").select("id").where("thread_id", "=", threadId);
  await trx.deleteFrom("comment_votes").where("comment_id", "in", comments).execute();
  await trx.deleteFrom("comment_reports").where("comment_id", "in", comments).execute();
  await trx.updateTable("moderation_log").set({ comment_id: null }).where("comment_id", "in", comments).execute();
  await trx.deleteFrom("outbox").where((eb) => eb.or([eb("comment_id", "in", comments), eb("subscription_id", "in", subscriptions)])).execute();
  await trx.deleteFrom("mail_tokens").where("subscription_id", "in", subscriptions).execute();
  await trx.deleteFrom("subscriptions").where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("import_keys").where((eb) => eb.or([eb.and([eb("kind", "=", "comment"), eb("target_id", "in", comments)]), eb.and([eb("kind", "=", "post"), eb("target_id", "=", postId)])])).execute();
  // Replies point at their parents: cut those links first, then every comment goes in one statement.
  await trx.updateTable("comments").set({ parent_id: null, replying_to_id: null }).where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("comments").where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("post_labels").where("post_id", "=", postId).execute();
  await trx.deleteFrom("post_revisions").where("post_id", "=", postId).execute();
  await trx.deleteFrom("view_days").where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("thread_urls").where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("embed_pages").where("thread_id", "=", threadId).execute();
  await trx.deleteFrom("posts").where("id", "=", postId).execute();
  await trx.deleteFrom("threads").where("id", "=", threadId).execute();
}

async function withLabels(db: Kysely<Database>, rows: Array<Selectable<PostsTable>>): Promise<Post[]> {
  const labels = await labelsOf(db, rows.map((r) => Number(r.id)));
  return rows.map((r) => toPost(r, labels.get(Number(r.id)) ?? []));
}

async function one(db: Kysely<Database>, row: Selectable<PostsTable> | undefined): Promise<Post | undefined> {
  return row ? (await withLabels(db, [row]))[0] : undefined;
}

async function writeLabels(trx: Kysely<Database>, postId: number, labels: readonly string[]): Promise<void> {
  await trx.deleteFrom("post_labels").where("post_id", "=", postId).execute();
  if (labels.length > 0) await trx.insertInto("post_labels").values(labels.map((label) => ({ post_id: postId, label }))).execute();
}

/** Every address a post has had stays an alias of its thread, so old links can redirect. */
async function rememberPath(trx: Kysely<Database>, slug: string, threadId: number): Promise<void> {
  await trx.insertInto("thread_urls").values({ url: `/posts/${slug}`, thread_id: threadId }).onConflict((oc) => oc.column("url").doNothing()).execute();
}

async function insertRevision(trx: Kysely<Database>, postId: number, rev: NewRevision): Promise<void> {
  await trx.insertInto("post_revisions").values({ post_id: postId, author_id: rev.authorId, created_at: rev.createdAt, snapshot: rev.snapshot }).execute();
}

export function makePostStore(store: Store): PostStore {
  const { db } = store;
  return {
    async findPostBySlug(slug) {
      return one(db, await db.selectFrom("posts").selectAll().where("slug", "=", slug).executeTakeFirst());
    },
    async findPostById(id) {
      return one(db, await db.selectFrom("posts").selectAll().where("id", "=", id).executeTakeFirst());
    },
    async findPostByThreadId(threadId) {
      return one(db, await db.selectFrom("posts").selectAll().where("thread_id", "=", threadId).executeTakeFirst());
    },
    async addOldPath(threadId, path) {
      await db.insertInto("thread_urls").values({ url: path, thread_id: threadId }).onConflict((oc) => oc.column("url").doNothing()).execute();
    },
    async findPostByOldPath(path) {
      const row = await db
        .selectFrom("thread_urls")
        .innerJoin("posts", "posts.thread_id", "thread_urls.thread_id")
        .selectAll("posts")
        .where("thread_urls.url", "=", path)
        .executeTakeFirst();
      return one(db, row);
    },
    async slugExists(slug, exceptId) {
      let q = db.selectFrom("posts").select("id").where("slug", "=", slug);
      if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async listPublishedPosts({ before, beforeId, limit, label, since }) {
      let q = db
        .selectFrom("posts")
        .innerJoin("threads", "threads.id", "posts.thread_id")
        .selectAll("posts")
        .select(["threads.view_count", "threads.comment_count", "threads.mode as thread_mode"])
        .where("posts.status", "in", LIVE_STATUSES)
        .where((eb) =>
          beforeId === undefined
            ? eb("posts.published_at", "<", before)
            : eb.or([eb("posts.published_at", "<", before), eb.and([eb("posts.published_at", "=", before), eb("posts.id", "<", beforeId)])]),
        );
      if (label !== undefined) q = q.where("posts.id", "in", db.selectFrom("post_labels").select("post_id").where("label", "=", label));
      if (since !== undefined) q = q.where("posts.published_at", ">=", since);
      const rows = await q.orderBy("posts.published_at", "desc").orderBy("posts.id", "desc").limit(limit).execute();
      const posts = await withLabels(db, rows);
      return rows.map((r, i) => ({ post: posts[i] as Post, viewCount: Number(r.view_count), commentCount: Number(r.comment_count), threadMode: r.thread_mode as ThreadMode }));
    },
    async listAllPosts(limit, filter = {}) {
      let q = db
        .selectFrom("posts")
        .innerJoin("threads", "threads.id", "posts.thread_id")
        .selectAll("posts")
        .select(["threads.view_count", "threads.comment_count", "threads.mode as thread_mode"]);
      q = filter.status ? q.where("posts.status", "=", filter.status) : q.where("posts.status", "!=", "trashed");
      if (filter.authorId !== undefined) q = q.where("posts.author_id", "=", filter.authorId);
      if (filter.label) {
        const label = filter.label;
        q = q.where((eb) => eb.exists(eb.selectFrom("post_labels").select("post_labels.post_id").whereRef("post_labels.post_id", "=", "posts.id").where("post_labels.label", "=", label)));
      }
      const rows = await q
        .orderBy("posts.updated_at", "desc")
        .orderBy("posts.id", "desc")
        .limit(limit)
        .execute();
      const posts = await withLabels(db, rows);
      return rows.map((r, i) => ({ post: posts[i] as Post, viewCount: Number(r.view_count), commentCount: Number(r.comment_count), threadMode: r.thread_mode as ThreadMode }));
    },
    async listLabels() {
      return (await db.selectFrom("post_labels").select("label").distinct().orderBy("label").execute()).map((r) => r.label);
    },
    async setTrashed(postId, at) {
      await db
        .updateTable("posts")
        .set(at === null ? { status: "draft", trashed_at: null } : { status: "trashed", trashed_at: at })
        .where("id", "=", postId)
        .execute();
    },
    async purgeTrashed(before) {
      const doomed = await db.selectFrom("posts").select(["id", "thread_id"]).where("status", "=", "trashed").where("trashed_at", "<", before).execute();
      for (const p of doomed) await withTransaction(store, (trx) => purgePost(trx, Number(p.id), Number(p.thread_id)));
      return doomed.length;
    },
    async listArchiveEntries(now, limit) {
      const rows = await db
        .selectFrom("posts")
        .select(["slug", "title", "published_at"])
        .where("status", "in", LIVE_STATUSES)
        .where("published_at", "<=", now)
        .orderBy("published_at", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: Number(r.published_at) }));
    },
    async listPopularPosts({ now, sinceDay, limit }) {
      const base = db
        .selectFrom("posts")
        .select(["posts.slug", "posts.title", "posts.published_at"])
        .where("posts.status", "in", LIVE_STATUSES)
        .where("posts.published_at", "<=", now);
      const rows =
        sinceDay === undefined
          ? await base
              .innerJoin("threads", "threads.id", "posts.thread_id")
              .select("threads.view_count as views")
              .where("threads.view_count", ">", 0)
              .orderBy("threads.view_count", "desc")
              .orderBy("posts.published_at", "desc")
              .limit(limit)
              .execute()
          : await base
              .innerJoin("view_days", "view_days.thread_id", "posts.thread_id")
              .select((eb) => eb.fn.sum<number>("view_days.views").as("views"))
              .where("view_days.day", ">=", sinceDay)
              .groupBy(["posts.id", "posts.slug", "posts.title", "posts.published_at"])
              .orderBy("views", "desc")
              .orderBy("posts.published_at", "desc")
              .limit(limit)
              .execute();
      return rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: Number(r.published_at), views: Number(r.views) }));
    },
    async insertPost(p: NewPost, revision) {
      return withTransaction(store, async (trx) => {
        const t = await trx
          .insertInto("threads")
          .values({ site_id: p.siteId, mode: p.threadMode, created_at: p.createdAt })
          .returning("id")
          .executeTakeFirstOrThrow();
        const threadId = Number(t.id);
        const r = await trx
          .insertInto("posts")
          .values({ ...columns(p), site_id: p.siteId, thread_id: threadId, created_at: p.createdAt })
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeLabels(trx, Number(r.id), p.labels);
        await rememberPath(trx, p.slug, threadId);
        for (const old of p.oldPaths ?? []) await trx.insertInto("thread_urls").values({ url: old, thread_id: threadId }).onConflict((oc) => oc.column("url").doNothing()).execute();
        if (p.importedAs) {
          await trx.insertInto("import_keys").values({ site_id: p.siteId, kind: "post", source: p.importedAs.source, original_id: p.importedAs.originalId, target_id: Number(r.id), imported_at: p.importedAs.at }).execute();
        }
        if (revision) await insertRevision(trx, Number(r.id), revision);
        return toPost(r, [...p.labels].sort());
      });
    },
    async updatePost(id, p, revision, expectedUpdatedAt) {
      return withTransaction(store, async (trx) => {
        let update = trx.updateTable("posts").set(columns(p)).where("id", "=", id);
        // The check and the write in one statement: two saves of one version cannot both pass.
        if (expectedUpdatedAt !== undefined) update = update.where("updated_at", "=", expectedUpdatedAt);
        const r = await update.returningAll().executeTakeFirst();
        if (!r) throw savedMeanwhile("post");
        const threadId = Number(r.thread_id);
        await trx.updateTable("threads").set((eb) => ({ mode: p.threadMode, version: eb("version", "+", 1) })).where("id", "=", threadId).execute();
        await writeLabels(trx, id, p.labels);
        await rememberPath(trx, p.slug, threadId);
        await insertRevision(trx, id, revision);
        return toPost(r, [...p.labels].sort());
      });
    },
    async listRevisions(postId): Promise<PostRevision[]> {
      const rows = await db.selectFrom("post_revisions").selectAll().where("post_id", "=", postId).orderBy("id", "desc").execute();
      return rows.map((r) => ({ id: Number(r.id), postId: Number(r.post_id), authorId: r.author_id === null ? null : Number(r.author_id), createdAt: Number(r.created_at), snapshot: r.snapshot }));
    },
  };
}
