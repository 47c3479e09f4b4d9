import type { Store } from "./db.js";

/** What a notification mail says, read when it is sent (the comment may have changed since). */
export interface NotificationContext {
  readonly site: { readonly name: string; readonly language: string };
  readonly subscription: { readonly id: number; readonly commentId: number | null; readonly userId: number | null } | null;
  readonly comment: { readonly id: number; readonly numberPath: number[]; readonly authorName: string | null; readonly bodyHtml: string; readonly bodySource: string; readonly status: string; readonly createdAt: number };
  /** Where the discussion is read: our post, or an embedding site's page. */
  readonly place: { readonly kind: "post"; readonly slug: string; readonly title: string } | { readonly kind: "page"; readonly url: string; readonly title: string };
}

export type CommentContext = Omit<NotificationContext, "subscription">;

/**
 * `shared` keeps what messages about one comment have in common (the comment, its place, its
 * site), read once rather than once per follower; the outbox worker's renderer keeps one map per
 * batch it takes, so what a message says is never older than the batch it is sent in.
 */
export async function loadNotificationContext(store: Store, subscriptionId: number | null, commentId: number, shared?: Map<number, Promise<CommentContext | undefined>>): Promise<NotificationContext | undefined> {
  let comment = shared?.get(commentId);
  if (!comment) {
    comment = loadCommentContext(store, commentId);
    shared?.set(commentId, comment);
  }
  const c = await comment;
  if (!c) return undefined;
  const s = subscriptionId === null ? undefined : await store.db.selectFrom("subscriptions").select(["id", "comment_id", "user_id"]).where("id", "=", subscriptionId).executeTakeFirst();
  return { ...c, subscription: s ? { id: Number(s.id), commentId: s.comment_id === null ? null : Number(s.comment_id), userId: s.user_id === null ? null : Number(s.user_id) } : null };
}

async function loadCommentContext({ db }: Store, commentId: number): Promise<CommentContext | undefined> {
  const c = await db
    .selectFrom("comments")
    .innerJoin("threads", "threads.id", "comments.thread_id")
    .innerJoin("sites", "sites.id", "threads.site_id")
    .leftJoin("posts", "posts.thread_id", "threads.id")
    .select(["comments.id", "comments.number_path", "comments.author_name", "comments.body_html", "comments.body_source", "comments.status", "comments.created_at", "threads.page_url", "threads.page_title", "posts.slug", "posts.title", "sites.name as site_name", "sites.language"])
    .where("comments.id", "=", commentId)
    .executeTakeFirst();
  if (!c) return undefined;
  return {
    site: { name: c.site_name, language: c.language },
    comment: { id: Number(c.id), numberPath: c.number_path.split(".").map(Number), authorName: c.author_name, bodyHtml: c.body_html, bodySource: c.body_source, status: c.status, createdAt: Number(c.created_at) },
    place: c.slug !== null && c.title !== null ? { kind: "post", slug: c.slug, title: c.title } : { kind: "page", url: c.page_url ?? "", title: c.page_title ?? c.page_url ?? "" },
  };
}
