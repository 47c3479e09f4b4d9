import type { CommentStore, NewComment } from "../comments/ports.js";
import { htmlToMarkdown } from "../markup/html-to-markdown.js";
import { isSafeHref } from "../markup/render-markdown.js";
import { prepareImportedComment } from "./prepare-comment.js";
import { createPost } from "../posts/create-post.js";
import { slugify } from "../posts/post.js";
import type { PostStore } from "../posts/ports.js";
import type { Clock, Random } from "../shared/deps.js";
import type { Events } from "../shared/events.js";
import { cleanLine, cutTo, decodedOrUndefined } from "../shared/text.js";
import type { SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import { normalisePageUrl, originOf } from "../embeds/page-url.js";
import { MAX_ORIGINAL_ID, overlongIdIn, type ImportedComment, type ImportedPost, type ImportedThread, type ImportRecord, type ImportReport, type ImportSource, type PreparedHtml } from "./records.js";
import { POST_LIMITS } from "../posts/post-fields.js";

/** The longest old address of a post that is kept (as long as a page address may be: embeds/page-url.ts). */
const MAX_OLD_PATH = 2000;

/** A parent or answered comment of an imported comment: ours already, or an earlier one of the same batch. */
export type ImportRef = { readonly id: number } | { readonly index: number };

/** An imported comment placed in its thread, ready to be numbered and written. */
export interface PlacedImport extends Omit<NewComment, "threadId" | "parentId" | "replyingToId" | "authorUserId" | "fingerprint" | "networkHash" | "spamScore"> {
  readonly originalId: string;
  readonly parent: ImportRef | null;
  readonly replyingTo: ImportRef | null;
}

/** Comments read from a file, held until the whole file is read (a Blogger export lists them after every post). */
export interface ImportStaging {
  /** Holds these; returns the ids held already (a duplicate id in the file), which are not held again. */
  hold(comments: readonly ImportedComment[]): Promise<readonly string[]>;
  /** The posts (original ids) with held comments, and how many each has. */
  heldPosts(): Promise<ReadonlyArray<{ readonly postOriginalId: string; readonly comments: number }>>;
  heldComments(postOriginalId: string): Promise<ImportedComment[]>;
  /** Lets go of everything held (always called, also when the import fails). */
  release(): Promise<void>;
}

/** (site, kind, source, original id) → our id: what makes an import safe to run again. */
export interface ImportKeyStore {
  findImported(siteId: number, kind: "post" | "comment", source: ImportSource, originalId: string): Promise<number | undefined>;
  findImportedMany(siteId: number, kind: "post" | "comment", source: ImportSource, originalIds: readonly string[]): Promise<Map<string, number>>;
  recordImported(siteId: number, kind: "post" | "comment", source: ImportSource, originalId: string, targetId: number, at: number): Promise<void>;
  /**
   * Writes several threads' new comments in one transaction: each thread's in order, each numbered
   * after the last number handed out, with their import keys. Returns how many were written.
   */
  insertImportedComments(input: { siteId: number; source: ImportSource; at: number; threads: ReadonlyArray<{ readonly threadId: number; readonly comments: readonly PlacedImport[] }> }): Promise<number>;
  staging(runId: string, startedAt: number): ImportStaging;
}

/** No one holds an edit link for an imported comment: no token's hash (hex SHA-256) can equal this. */
const NO_EDIT_TOKEN = "imported: not editable by link";

/** How many comments are held at a time while the file is read. */
const HOLD_BATCH = 1000;
/**
 * About how many comments (whole threads) are written per transaction: a commit writes every page it
 * touched (seven indexes, the search index), so a hundred threads of ten share one write of each.
 */
const WRITE_BATCH = 5000;
/** Skipped entries listed one by one in a report; beyond this they are only counted. */
const MAX_LISTED_SKIPS = 10_000;

export interface ImportDeps {
  readonly imports: ImportKeyStore;
  readonly posts: Pick<PostStore, "insertPost" | "slugExists" | "findPostById" | "findPostByOldPath">;
  readonly threads: Pick<ThreadStore, "findPageThread" | "createPageThread" | "setViewCount">;
  readonly comments: Pick<CommentStore, "findComment">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly events: Events;
  readonly clock: Clock;
  readonly random: Random;
  /**
   * Sanitises many comments' HTML (as prepareImportedComment does), perhaps on another thread: the
   * command line does it on a worker while this one writes. In this thread when absent.
   */
  readonly prepareHtml?: (htmls: readonly string[]) => Promise<readonly PreparedHtml[]>;
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
  const report = { dryRun: input.dryRun, posts: { added: 0, existing: 0 }, comments: { added: 0, existing: 0, replies: 0, removed: 0, pending: 0, spam: 0 }, skipped: [] as Array<{ id: string; reason: string }>, skippedBeyond: 0 };
  const postThreads = new Map<string, number>();
  const seen = new Set<string>();
  const staging = deps.imports.staging(`${now}-${deps.random.token(9)}`, now);
  let held: ImportedComment[] = [];
  /** Threads placed and not yet written, written together once they hold WRITE_BATCH comments. */
  let unwritten: Array<{ threadId: number; comments: PlacedImport[] }> = [];
  let unwrittenCount = 0;
  // What an earlier run brought in is recognised as it is read, and never held: a re-run holds nothing.
  const holdNow = async () => {
    const known = await deps.imports.findImportedMany(site.id, "comment", input.source, held.map((c) => c.originalId));
    report.comments.existing += known.size;
    for (const id of await staging.hold(held.filter((c) => !known.has(c.originalId)))) skip(id, "duplicate comment id in the file");
    held = [];
  };
  try {
    for await (const r of input.records) {
      const overlong = r.kind === "skipped" ? undefined : overlongIdIn(r);
      if (r.kind === "skipped" || overlong) {
        skip(r.originalId.length > MAX_ORIGINAL_ID ? `${cutTo(r.originalId, 40)}…` : r.originalId, r.kind === "skipped" ? r.reason : (overlong as string));
        continue;
      }
      if (r.kind === "comment") {
        held.push(r);
        if (held.length >= HOLD_BATCH) await holdNow();
        continue;
      }
      const key = `${r.kind}:${r.originalId}`;
      if (seen.has(key)) {
        skip(r.originalId, `duplicate ${r.kind} id in the file`);
        continue;
      }
      seen.add(key);
      if (r.kind === "post") postThreads.set(r.originalId, await importPost(r));
      else {
        const threadId = await matchThread(r);
        if (threadId === undefined) skip(r.originalId, `no post or page of this site at ${r.url}`);
        else postThreads.set(r.originalId, threadId);
      }
    }
    await holdNow();
    await importHeld();
    await writeThreads();
  } finally {
    await staging.release();
  }
  return report;

  async function writeThreads() {
    if (unwritten.length === 0) return;
    const threads = unwritten;
    unwritten = [];
    unwrittenCount = 0;
    await deps.imports.insertImportedComments({ siteId: site.id, source: input.source, at: now, threads });
    for (const t of threads) deps.events.publish({ type: "thread.changed", threadId: t.threadId });
  }

  /**
   * The held comments, post by post: the next posts' comments are read and their HTML prepared
   * while this post's are placed and written (up to WRITE_BATCH comments ahead, so a worker doing
   * the preparing is busy while the writes run, and memory stays bounded).
   */
  async function importHeld() {
    const posts = await staging.heldPosts();
    const prepare = deps.prepareHtml ?? (async (htmls: readonly string[]) => htmls.map(prepareImportedComment));
    const ahead: Array<{ count: number; ready: Promise<{ postId: string; comments: ImportedComment[] }> }> = [];
    let next = 0;
    let aheadCount = 0;
    const readAhead = () => {
      while (next < posts.length && (ahead.length === 0 || aheadCount + posts[next]!.comments <= WRITE_BATCH)) {
        const { postOriginalId: postId, comments: count } = posts[next++]!;
        aheadCount += count;
        const ready = staging.heldComments(postId).then(async (comments) => {
          if (input.dryRun) return { postId, comments };
          const prepared = await prepare(comments.map((c) => c.html));
          return { postId, comments: comments.map((c, i) => ({ ...c, html: "", prepared: prepared[i]! })) };
        });
        ready.catch(() => undefined); // awaited in turn below; a failure surfaces there
        ahead.push({ count, ready });
      }
    };
    readAhead();
    for (let item = ahead.shift(); item; item = ahead.shift()) {
      const { postId, comments } = await item.ready;
      aheadCount -= item.count;
      readAhead();
      await importThreadComments(postId, comments);
    }
  }

  function skip(id: string, reason: string) {
    if (report.skipped.length < MAX_LISTED_SKIPS) report.skipped.push({ id, reason });
    else report.skippedBeyond++;
  }

  /**
   * One post's new comments, in the order they were written (numbers follow it; a reply's parent
   * is always older), placed under their parents (here, or brought by an earlier run) and written in
   * one transaction (with other threads'), announced with one event.
   */
  async function importThreadComments(postId: string, comments: ImportedComment[]) {
    const threadId = postThreads.get(postId) ?? (await knownThread(postId));
    if (threadId === undefined) {
      for (const c of comments) skip(c.originalId, `unknown post ${postId}`);
      return;
    }
    comments.sort((a, b) => a.publishedAt - b.publishedAt || Number(a.originalId) - Number(b.originalId) || a.originalId.localeCompare(b.originalId));
    /** Where each comment of this post sits: its ref, depth and parent's ref (null refs in a dry run). */
    const placed = new Map<string, Slot | null>();
    const batch: PlacedImport[] = [];
    for (const c of comments) {
      let parent: Slot | null | undefined = null;
      if (c.parentOriginalId !== null) {
        parent = placed.has(c.parentOriginalId) ? placed.get(c.parentOriginalId) : await earlierImport(c.parentOriginalId, threadId);
        if (parent === undefined) {
          skip(c.originalId, `orphan reply: comment ${c.parentOriginalId} is not in the file or came later`);
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
      const at = parent ? await located(parent) : null;
      // At the deepest level a reply becomes its parent's sibling, answering it (as placeReply does).
      const under = at === null ? null : at.depth < site.maxDepth ? at : null;
      const slot: Located = at === null ? { ref: { index: batch.length }, depth: 1, parentRef: null } : under ? { ref: { index: batch.length }, depth: at.depth + 1, parentRef: at.ref } : { ref: { index: batch.length }, depth: at.depth, parentRef: at.parentRef };
      // A removed comment's text is kept out of sight, as our own removals keep it (a tombstone shows none of it).
      const { html, text } = c.prepared ?? prepareImportedComment(c.html);
      batch.push({
        originalId: c.originalId,
        parent: slot.parentRef,
        replyingTo: at !== null && !under ? at.ref : null,
        authorName: c.authorName ? cutTo(cleanLine(c.authorName), 60) || null : null,
        authorWebsite: c.authorUrl && isSafeHref(c.authorUrl) ? c.authorUrl : null,
        bodySource: text,
        bodyHtml: html,
        status: c.removed === "author" ? "removed_by_author" : c.removed === "moderator" ? "removed_by_moderator" : (c.held ?? "published"),
        createdAt: c.publishedAt,
        editTokenHash: NO_EDIT_TOKEN,
        screening: [`imported from ${input.source}`],
      });
      placed.set(c.originalId, slot);
    }
    if (batch.length > 0) {
      unwritten.push({ threadId, comments: batch });
      unwrittenCount += batch.length;
      if (unwrittenCount >= WRITE_BATCH) await writeThreads();
    }
  }

  /** A comment's place: given, or (for one already here) read once. */
  async function located(slot: Slot): Promise<Located> {
    if ("ref" in slot) return slot;
    const comment = await deps.comments.findComment(slot.id);
    if (!comment) throw new Error(`imported comment ${slot.id} is gone`);
    return { ref: { id: comment.id }, depth: comment.numberPath.length, parentRef: comment.parentId === null ? null : { id: comment.parentId } };
  }

  /** A parent that an earlier run imported into this thread. */
  async function earlierImport(originalId: string, threadId: number): Promise<Slot | null | undefined> {
    if (threadId < 0) return undefined;
    const id = await deps.imports.findImported(site.id, "comment", input.source, originalId);
    if (id === undefined) return undefined;
    const comment = await deps.comments.findComment(id);
    return comment && comment.threadId === threadId ? { id } : undefined;
  }

  async function importPost(p: ImportedPost): Promise<number> {
    const existing = await deps.imports.findImported(site.id, "post", input.source, p.originalId);
    if (existing !== undefined) {
      report.posts.existing++;
      return (await deps.posts.findPostById(existing))?.threadId ?? -1;
    }
    report.posts.added++;
    if (input.dryRun) return -1;
    const slug = await freeSlug(slugFrom(p));
    const oldPaths = [p.originalUrl, ...(p.otherUrls ?? [])].flatMap((url) => {
      const old = url && URL.canParse(url) ? new URL(url) : null;
      const path = old ? (old.pathname === "/" && old.searchParams.has("p") ? `/?p=${old.searchParams.get("p")}` : old.pathname) : null;
      // An old address is a key too (thread_urls): one longer than any address we keep is not kept.
      return path && path !== "/" && path !== `/posts/${slug}` && path.length <= MAX_OLD_PATH ? [path] : [];
    });
    const post = await createPost(deps, {
      siteId: site.id,
      // A title that shows nothing ("ㅤ") is no title: createPost would refuse it, and the import with it.
      title: cleanLine(p.title) || "(untitled)",
      slug,
      body: htmlToMarkdown(p.html),
      importedHtml: p.html,
      publishedAt: p.publishedAt,
      // Bounded as the editor bounds them (a label is a key of its own, indexed).
      labels: p.labels.map((l) => [...cleanLine(l)].slice(0, POST_LIMITS.label).join("").trim()).filter((l) => l.length > 0),
      importedAs: { source: input.source, originalId: p.originalId, at: now },
      oldPaths,
      ...(p.status ? { status: p.status } : {}),
      ...(p.standfirst ? { standfirst: p.standfirst } : {}),
      ...(p.dateline ? { dateline: p.dateline } : {}),
      ...(p.leadImage && isSafeHref(p.leadImage.url) ? { leadImage: p.leadImage } : {}),
      ...(p.source && isSafeHref(p.source.url) ? { source: p.source, canonicalToSource: p.canonicalToSource ?? false } : {}),
      ...(p.threadMode ? { threadMode: p.threadMode } : {}),
    });
    if (p.views && p.views > 0) await deps.threads.setViewCount(post.threadId, p.views);
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
      const post = (slug ? await deps.posts.findPostByOldPath(`/posts/${decodedOrUndefined(slug) ?? slug}`) : undefined) ?? (await deps.posts.findPostByOldPath(url.pathname)) ?? (await deps.posts.findPostByOldPath(url.pathname.replace(/\/$/, "")));
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
    return (await deps.threads.createPageThread(site.id, url, cutTo(cleanLine(t.title), 300) || url, now)).id;
  }

  async function knownThread(postId: string): Promise<number | undefined> {
    const id = await deps.imports.findImported(site.id, "post", input.source, postId);
    return id === undefined ? undefined : (await deps.posts.findPostById(id))?.threadId;
  }

  async function freeSlug(base: string): Promise<string> {
    let slug = base;
    for (let n = 2; await deps.posts.slugExists(slug); n++) slug = `${base}-${n}`;
    return slug;
  }
}

/** An imported comment's place: one already here (read when a reply needs it), or placed in this batch. */
type Slot = { readonly id: number } | Located;
interface Located {
  readonly ref: ImportRef;
  readonly depth: number;
  readonly parentRef: ImportRef | null;
}

/** Blogger's /2024/06/harbour-wall.html becomes harbour-wall; otherwise the title's slug. */
function slugFrom(p: ImportedPost): string {
  if (p.slug) return slugify(decodedOrUndefined(p.slug) ?? p.slug);
  const last = p.originalUrl && URL.canParse(p.originalUrl) ? new URL(p.originalUrl).pathname.split("/").pop()?.replace(/\.html?$/, "") : undefined;
  return slugify(last || p.title || `post-${p.originalId}`);
}
