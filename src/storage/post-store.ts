import type { Selectable } from "kysely";
import type { NewPost, PostStore } from "../domain/posts/ports.js";
import type { Post, PostStatus } from "../domain/posts/post.js";
import { withTransaction, type Store } from "./db.js";
import type { PostsTable } from "./schema.js";

function toPost(r: Selectable<PostsTable>): Post {
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
    authorId: r.author_id === null ? null : Number(r.author_id),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function makePostStore(store: Store): PostStore {
  const { db } = store;
  return {
    async findPostBySlug(slug) {
      const r = await db.selectFrom("posts").selectAll().where("slug", "=", slug).executeTakeFirst();
      return r && toPost(r);
    },
    async findPostById(id) {
      const r = await db.selectFrom("posts").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toPost(r);
    },
    async findPostByThreadId(threadId) {
      const r = await db.selectFrom("posts").selectAll().where("thread_id", "=", threadId).executeTakeFirst();
      return r && toPost(r);
    },
    async slugExists(slug) {
      const r = await db.selectFrom("posts").select("id").where("slug", "=", slug).executeTakeFirst();
      return r !== undefined;
    },
    async listPublishedPosts({ before, limit }) {
      const rows = await db
        .selectFrom("posts")
        .innerJoin("threads", "threads.id", "posts.thread_id")
        .selectAll("posts")
        .select(["threads.view_count", "threads.comment_count"])
        .where("posts.status", "=", "published")
        .where("posts.published_at", "<", before)
        .orderBy("posts.published_at", "desc")
        .orderBy("posts.id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ post: toPost(r), viewCount: Number(r.view_count), commentCount: Number(r.comment_count) }));
    },
    async insertPost(p: NewPost) {
      return withTransaction(store, async (trx) => {
        const t = await trx
          .insertInto("threads")
          .values({ site_id: p.siteId, mode: p.threadMode, created_at: p.createdAt })
          .returning("id")
          .executeTakeFirstOrThrow();
        const r = await trx
          .insertInto("posts")
          .values({
            site_id: p.siteId,
            thread_id: Number(t.id),
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
            created_at: p.createdAt,
            updated_at: p.updatedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto("thread_urls").values({ url: `/posts/${p.slug}`, thread_id: Number(t.id) }).execute();
        return toPost(r);
      });
    },
  };
}
