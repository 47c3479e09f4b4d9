import type { CommentStore } from "../comments/ports.js";
import { placeReply, type Comment } from "../comments/comment.js";
import { htmlToMarkdown } from "../markup/html-to-markdown.js";
import { isSafeHref, sanitizeImportedCommentHtml } from "../markup/render-markdown.js";
import { createPost } from "../posts/create-post.js";
import { slugify } from "../posts/post.js";
import type { PostStore } from "../posts/ports.js";
import type { Clock, Hasher, Random } from "../shared/deps.js";
import type { Events } from "../shared/events.js";
import { cleanLine } from "../shared/text.js";
import type { SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import { normalisePageUrl, originOf } from "../embeds/page-url.js";
import type { ImportedComment, ImportedPost, ImportedThread, ImportRecord, ImportReport, ImportSource } from "./records.js";

/** (site, kind, source, original id) → our id: what makes an import safe to run again. */
export interface ImportKeyStore {
  findImported(siteId: number, kind: "post" | "comment", source: ImportSource, originalId: string): Promise<number | undefined>;
  recordImported(siteId: number, kind: "post" | "comment", source: ImportSource, originalId: string, targetId: number, at: number): Promise<void>;
}

export interface ImportDeps {
  readonly imports: ImportKeyStore;
  readonly posts: Pick<PostStore, "insertPost" | "slugExists" | "findPostById" | "addOldPath" | "findPostByOldPath">;
  readonly threads: Pick<ThreadStore, "findPageThread" | "createPageThread" | "setViewCount">;
  readonly comments: Pick<CommentStore, "insertComment" | "findComment">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly events: Events;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
}

/**
 * Brings an export's posts and comments into a site, as they stood where they came from: original
 * times, each thread numbered in the order its comments were written, replies under their parents,
 * removed comments as tombstones with their numbers, anonymous readers anonymous. Nothing is
 * screened or rate-limited, and one event per thread is published, not one per comment.
 *
 * Safe to run again: what an earlier run imported is recognised by its original id and skipped, and
 * a newer export adds only what is new. A comment that arrives late (older than comments already in
 * its thread) takes the thread's next number: a published number never changes (decision record 006).
 * A dry run reads and counts the same and writes nothing.
 */
export async function runImport(deps: ImportDeps, input: { siteId: number; source: ImportSource; records: AsyncIterable<ImportRecord>; dryRun: boolean }): Promise<ImportReport> {
  const site = await deps.sites.getSite(input.siteId);
  const now = deps.clock.now();
  const report = { dryRun: input.dryRun, posts: { added: 0, existing: 0 }, comments: { added: 0, existing: 0, replies: 0, removed: 0, pending: 0, spam: 0 }, skipped: [] as Array<{ id: string; reason: string }> };
  const postThreads = new Map<string, number>();
  const byPost = new Map<string, ImportedComment[]>();
  const seen = new Set<string>();
  for await (const r of input.records) {
    if (r.kind === "skipped") {
      report.skipped.push({ id: r.originalId, reason: r.reason });
      continue;
    }
    const key = `${r.kind}:${r.originalId}`;
    if (seen.has(key)) {
      report.skipped.push({ id: r.originalId, reason: `duplicate ${r.kind} id in the file` });
      continue;
    }
    seen.add(key);
    if (r.kind === "post") postThreads.set(r.originalId, await importPost(r));
    else if (r.kind === "thread") {
      const threadId = await matchThread(r);
      if (threadId === undefined) report.skipped.push({ id: r.originalId, reason: `no post or page of this site at ${r.url}` });
      else postThreads.set(r.originalId, threadId);
    }
    else byPost.set(r.postOriginalId, [...(byPost.get(r.postOriginalId) ?? []), r]);
  }
  for (const [postId, comments] of byPost) {
    const threadId = postThreads.get(postId) ?? (await knownThread(postId));
    if (threadId === undefined) {
      for (const c of comments) report.skipped.push({ id: c.originalId, reason: `unknown post ${postId}` });
      continue;
    }
    // The order they were written in: numbers follow it; a reply's parent is always older.
    comments.sort((a, b) => a.publishedAt - b.publishedAt || Number(a.originalId) - Number(b.originalId) || a.originalId.localeCompare(b.originalId));
    const placed = new Map<string, Comment | null>();
    let added = 0;
    for (const c of comments) {
      const existing = await deps.imports.findImported(site.id, "comment", input.source, c.originalId);
      if (existing !== undefined) {
        report.comments.existing++;
        placed.set(c.originalId, input.dryRun ? null : ((await deps.comments.findComment(existing)) ?? null));
        continue;
      }
      let parent: Comment | null | undefined;
      if (c.parentOriginalId !== null) {
        parent = placed.has(c.parentOriginalId) ? placed.get(c.parentOriginalId) : await importedComment(c.parentOriginalId);
        if (parent === undefined) {
          report.skipped.push({ id: c.originalId, reason: `orphan reply: comment ${c.parentOriginalId} is not in the file or came later` });
          continue;
        }
      }
      report.comments.added++;
      if (c.parentOriginalId !== null) report.comments.replies++;
      if (c.removed) report.comments.removed++;
      else if (c.held === "pending") report.comments.pending++;
      else if (c.held === "spam") report.comments.spam++;
      if (input.dryRun || threadId < 0) {
        placed.set(c.originalId, null);
        continue;
      }
      const placement = parent ? placeReply(parent, site.maxDepth) : { parentId: null, replyingToId: null };
      // A removed comment's text is kept out of sight, as our own removals keep it (a tombstone shows none of it).
      const html = sanitizeImportedCommentHtml(c.html);
      const comment = await deps.comments.insertComment({
        threadId,
        ...placement,
        authorName: c.authorName ? cleanLine(c.authorName).slice(0, 60) || null : null,
        authorWebsite: c.authorUrl && isSafeHref(c.authorUrl) ? c.authorUrl : null,
        authorUserId: null,
        bodySource: htmlToMarkdown(html),
        bodyHtml: html,
        status: c.removed === "author" ? "removed_by_author" : c.removed === "moderator" ? "removed_by_moderator" : (c.held ?? "published"),
        createdAt: c.publishedAt,
        editTokenHash: deps.hasher.sha256(deps.random.token(24)),
        fingerprint: null,
        networkHash: null,
        screening: [`imported from ${input.source}`],
        spamScore: null,
      });
      await deps.imports.recordImported(site.id, "comment", input.source, c.originalId, comment.id, now);
      placed.set(c.originalId, comment);
      added++;
    }
    if (added > 0) deps.events.publish({ type: "thread.changed", threadId });
  }
  return report;

  async function importPost(p: ImportedPost): Promise<number> {
    const existing = await deps.imports.findImported(site.id, "post", input.source, p.originalId);
    if (existing !== undefined) {
      report.posts.existing++;
      return (await deps.posts.findPostById(existing))?.threadId ?? -1;
    }
    report.posts.added++;
    if (input.dryRun) return -1;
    const post = await createPost(deps, {
      siteId: site.id,
      title: p.title || "(untitled)",
      slug: await freeSlug(slugFrom(p)),
      body: htmlToMarkdown(p.html),
      importedHtml: p.html,
      publishedAt: p.publishedAt,
      labels: p.labels.map((l) => cleanLine(l)).filter((l) => l.length > 0),
      ...(p.status ? { status: p.status } : {}),
      ...(p.standfirst ? { standfirst: p.standfirst } : {}),
      ...(p.dateline ? { dateline: p.dateline } : {}),
      ...(p.leadImage && isSafeHref(p.leadImage.url) ? { leadImage: p.leadImage } : {}),
      ...(p.source && isSafeHref(p.source.url) ? { source: p.source, canonicalToSource: p.canonicalToSource ?? false } : {}),
      ...(p.threadMode ? { threadMode: p.threadMode } : {}),
    });
    if (p.views && p.views > 0) await deps.threads.setViewCount(post.threadId, p.views);
    for (const url of [p.originalUrl, ...(p.otherUrls ?? [])]) {
      const old = url && URL.canParse(url) ? new URL(url) : null;
      const path = old ? (old.pathname === "/" && old.searchParams.has("p") ? `/?p=${old.searchParams.get("p")}` : old.pathname) : null;
      if (path && path !== "/" && path !== `/posts/${post.slug}`) await deps.posts.addOldPath(post.threadId, path);
    }
    await deps.imports.recordImported(site.id, "post", input.source, p.originalId, post.id, now);
    return post.threadId;
  }

  /**
   * Our blog's post at that address (its current or an old one), or — for an embedding site — the
   * page's thread, found or made (only on the site's own origins).
   */
  async function matchThread(t: ImportedThread): Promise<number | undefined> {
    if (!URL.canParse(t.url)) return undefined;
    if (site.origins.length === 0) {
      const url = new URL(t.url);
      const slug = /^\/posts\/([^/]+)$/.exec(url.pathname)?.[1];
      const post = (slug ? await deps.posts.findPostByOldPath(`/posts/${decodeURIComponent(slug)}`) : undefined) ?? (await deps.posts.findPostByOldPath(url.pathname)) ?? (await deps.posts.findPostByOldPath(url.pathname.replace(/\/$/, "")));
      return post?.threadId;
    }
    let url: string;
    try {
      url = normalisePageUrl(t.url);
    } catch {
      return undefined;
    }
    if (!site.origins.includes(originOf(url))) return undefined;
    const found = await deps.threads.findPageThread(site.id, url);
    if (found) return found.id;
    if (input.dryRun) return -1;
    return (await deps.threads.createPageThread(site.id, url, cleanLine(t.title).slice(0, 300) || url, now)).id;
  }

  async function knownThread(postId: string): Promise<number | undefined> {
    const id = await deps.imports.findImported(site.id, "post", input.source, postId);
    return id === undefined ? undefined : (await deps.posts.findPostById(id))?.threadId;
  }

  async function importedComment(originalId: string): Promise<Comment | null | undefined> {
    const id = await deps.imports.findImported(site.id, "comment", input.source, originalId);
    if (id === undefined) return undefined;
    return input.dryRun ? null : ((await deps.comments.findComment(id)) ?? undefined);
  }

  async function freeSlug(base: string): Promise<string> {
    let slug = base;
    for (let n = 2; await deps.posts.slugExists(slug); n++) slug = `${base}-${n}`;
    return slug;
  }
}

/** Blogger's /2024/06/harbour-wall.html becomes harbour-wall; otherwise the title's slug. */
function slugFrom(p: ImportedPost): string {
  if (p.slug) return slugify(decodeURIComponent(p.slug));
  const last = p.originalUrl && URL.canParse(p.originalUrl) ? new URL(p.originalUrl).pathname.split("/").pop()?.replace(/\.html?$/, "") : undefined;
  return slugify(last || p.title || `post-${p.originalId}`);
}
