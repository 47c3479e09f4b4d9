import { mediaImagesOf, renderPostMarkdown, type ResponsiveImage } from "../markup/render-markdown.js";
import type { MediaStore } from "../media/upload-image.js";
import type { Clock } from "../shared/deps.js";
import { DomainError, savedMeanwhile } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { PostFields, Publishing } from "./post-fields.js";
import type { PostStore } from "./ports.js";
import { slugify, type Post, type PostStatus } from "./post.js";

export interface SavePostDeps {
  readonly posts: Pick<PostStore, "findPostById" | "slugExists" | "insertPost" | "updatePost">;
  /** Describes the body's pictures of ours, so the page offers their smaller copies (srcset). */
  readonly media?: Pick<MediaStore, "describe">;
  readonly clock: Clock;
  readonly events: Events;
}

/**
 * An editor saves a post: as a draft, published now, or scheduled. Every save is a revision. The
 * address only changes when the editor changes it, and the old one keeps redirecting.
 */
export async function savePost(
  deps: SavePostDeps,
  input: {
    postId?: number | undefined;
    fields: PostFields;
    publishing: Publishing;
    editorId: number;
    siteId?: number;
    /** The post's `updatedAt` when the editor opened it: a save over a later one is refused (conflict). */
    basedOn?: number;
  },
): Promise<Post> {
  const { fields, publishing } = input;
  const existing = input.postId === undefined ? undefined : await deps.posts.findPostById(input.postId);
  if (input.postId !== undefined && !existing) throw new DomainError("not_found", "There is no such post.", "postId");
  if (existing?.status === "trashed") throw new DomainError("conflict", "This post is in the trash: restore it first.", "postId");
  const slug = fields.slug || existing?.slug || slugify(fields.title);
  if (await deps.posts.slugExists(slug, existing?.id)) {
    throw new DomainError("conflict", `Another post already lives at /posts/${slug}. Choose another address.`, "slug");
  }
  const now = deps.clock.now();
  const { status, publishedAt } = schedule(publishing, existing, now);
  const record = {
    siteId: existing?.siteId ?? input.siteId ?? 1,
    slug,
    title: fields.title,
    standfirst: fields.standfirst,
    bodySource: fields.body,
    bodyHtml: renderPostMarkdown(fields.body, await responsiveImages(deps, fields.body)),
    dateline: fields.dateline,
    leadImage: fields.leadImageUrl ? { url: fields.leadImageUrl, caption: fields.leadImageCaption, credit: fields.leadImageCredit } : null,
    source: fields.sourceOutlet && fields.sourceUrl ? { outlet: fields.sourceOutlet, url: fields.sourceUrl, publishedAt: fields.sourcePublishedAt } : null,
    canonicalToSource: fields.canonicalToSource,
    status,
    publishedAt,
    labels: fields.labels,
    authorId: existing?.authorId ?? input.editorId,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    threadMode: fields.commentMode,
  };
  const revision = { authorId: input.editorId, createdAt: now, snapshot: JSON.stringify(fields) };
  if (existing && input.basedOn !== undefined && existing.updatedAt !== input.basedOn) throw savedMeanwhile("post");
  const saved = existing ? await deps.posts.updatePost(existing.id, record, revision, input.basedOn) : await deps.posts.insertPost(record, revision);
  deps.events.publish({ type: "post.changed", postId: saved.id, threadId: saved.threadId });
  return saved;
}

async function responsiveImages(deps: SavePostDeps, body: string): Promise<Map<string, ResponsiveImage>> {
  const map = new Map<string, ResponsiveImage>();
  if (!deps.media) return map;
  for (const url of mediaImagesOf(body)) {
    const d = await deps.media.describe(url);
    if (d) map.set(url, d);
  }
  return map;
}

/** Status and time from the editor's choice; re-publishing a live post keeps its original time. */
function schedule(p: Publishing, existing: Post | undefined, now: number): { status: PostStatus; publishedAt: number | null } {
  if (p.kind === "draft") return { status: "draft", publishedAt: null };
  if (p.kind === "schedule") return { status: "scheduled", publishedAt: p.at };
  const live = existing && existing.status !== "draft" && existing.publishedAt !== null && existing.publishedAt <= now;
  return { status: "published", publishedAt: live ? existing.publishedAt : now };
}

/** The publishing choice that keeps a post as it is (for restoring a revision). */
export function currentPublishing(post: Post, now: number): Publishing {
  if (post.status === "draft" || post.publishedAt === null) return { kind: "draft" };
  if (post.status === "scheduled" && post.publishedAt > now) return { kind: "schedule", at: post.publishedAt };
  return { kind: "now" };
}
