import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine, cleanText } from "../shared/text.js";
import { renderPostMarkdown, sanitizeImportedPostHtml } from "../markup/render-markdown.js";
import type { ThreadMode } from "../threads/thread.js";
import { slugify, type LeadImage, type Post, type PostSource, type PostStatus } from "./post.js";
import type { NewPost, PostStore } from "./ports.js";

export interface CreatePostInput {
  readonly siteId: number;
  readonly title: string;
  readonly slug?: string;
  readonly standfirst?: string;
  readonly body: string;
  readonly dateline?: string;
  readonly leadImage?: LeadImage;
  readonly source?: PostSource;
  readonly canonicalToSource?: boolean;
  readonly publishedAt?: number;
  readonly authorId?: number;
  readonly threadMode?: ThreadMode;
  readonly labels?: readonly string[];
  /** Imported: a draft or a scheduled post stays one (default: published). */
  readonly status?: PostStatus;
  /** Imported: its source system and id there, and its addresses there (see NewPost). */
  readonly importedAs?: NewPost["importedAs"];
  readonly oldPaths?: readonly string[];
  /** Imported: the body as HTML from the source system, shown as that HTML (sanitised); `body` is its Markdown for the editor. */
  readonly importedHtml?: string;
}

/** Publishes a post as given, backdating allowed: the path for seeding and imports (editors use savePost). */
export async function createPost(
  deps: { posts: Pick<PostStore, "insertPost" | "slugExists">; clock: Clock },
  input: CreatePostInput,
): Promise<Post> {
  const title = cleanLine(input.title);
  if (title === "") throw new DomainError("invalid_input", "A post needs a title.", "title");
  const slug = slugify(input.slug ?? title);
  if (await deps.posts.slugExists(slug)) throw new DomainError("conflict", `The address /posts/${slug} is taken.`, "slug");
  const now = deps.clock.now();
  const body = cleanText(input.body);
  return deps.posts.insertPost({
    siteId: input.siteId,
    slug,
    title,
    standfirst: input.standfirst ? cleanLine(input.standfirst) : null,
    bodySource: body,
    bodyHtml: input.importedHtml !== undefined ? sanitizeImportedPostHtml(input.importedHtml) : renderPostMarkdown(body),
    dateline: input.dateline ? cleanLine(input.dateline) : null,
    leadImage: input.leadImage ?? null,
    source: input.source ?? null,
    canonicalToSource: input.canonicalToSource ?? false,
    status: input.status ?? "published",
    publishedAt: input.status === "draft" ? null : (input.publishedAt ?? now),
    labels: input.labels ?? [],
    authorId: input.authorId ?? null,
    createdAt: now,
    updatedAt: now,
    threadMode: input.threadMode ?? "open",
    importedAs: input.importedAs,
    oldPaths: input.oldPaths,
  });
}
