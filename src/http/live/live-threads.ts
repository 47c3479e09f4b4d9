import type { ServerResponse } from "node:http";
import type { CommentStore } from "../../domain/comments/ports.js";
import type { DomainEvent } from "../../domain/shared/events.js";
import { findDiscussion, type FindDiscussionDeps } from "../../domain/threads/find-discussion.js";
import { presentComment } from "../presenters/comment.js";
import { replyingToOf } from "../../domain/comments/thread-tree.js";

/**
 * Live threads over Server-Sent Events. Readers of a thread hold one response each; when a comment
 * of that thread is created, edited, removed or moderated, the change is fetched once, serialised
 * once and written to every reader of the thread. Each event's id is the thread's version (every
 * comment write bumps it), so a reader who reconnects with an older Last-Event-ID is told to resync
 * from the thread itself: events are hints, the thread is the truth, so nothing is missed and
 * nothing doubles (the page merges by comment id).
 *
 * The events come from the bus: this process's own, or other nodes' through PostgreSQL NOTIFY or
 * Redis. When the bus reports a gap (its connection dropped), every reader is told to resync.
 */
export class LiveThreads {
  private readonly readers = new Map<number, Set<ServerResponse>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: FindDiscussionDeps & { comments: Pick<CommentStore, "findComment"> },
    options: { heartbeatMs?: number } = {},
  ) {
    // A comment line every 15 s keeps proxies and load balancers from closing an idle stream.
    this.heartbeat = setInterval(() => this.broadcastAll(": ping\n\n"), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** How many readers are connected (for metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.readers.values()) n += set.size;
    return n;
  }

  /** Starts a stream for one reader; `lastSeenVersion` is what their page or last event showed. */
  open(threadId: number, currentVersion: number, lastSeenVersion: number | undefined, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx would otherwise buffer the stream and deliver events in lumps.
      "x-accel-buffering": "no",
    });
    res.write("retry: 3000\n\n");
    if (lastSeenVersion !== undefined && lastSeenVersion < currentVersion) res.write(`id: ${currentVersion}\nevent: resync\ndata: {}\n\n`);
    let set = this.readers.get(threadId);
    if (!set) this.readers.set(threadId, (set = new Set()));
    set.add(res);
    res.on("close", () => {
      set.delete(res);
      if (set.size === 0) this.readers.delete(threadId);
    });
  }

  /** Called with every domain event; only comment changes of threads someone is reading cost anything. */
  async onEvent(event: DomainEvent): Promise<void> {
    // Events from other nodes may have been lost: every page re-reads its thread.
    if (event.type === "events.gap") return this.broadcastAll("event: resync\ndata: {}\n\n");
    // A post or site change can take discussions away from readers: their streams end.
    if (event.type === "site.changed") return this.endHidden([...this.readers.keys()]);
    if (event.type === "post.changed") return this.endHidden([event.threadId]);
    // Comments moved in or out (a merge): a thread still shown is re-read by its readers' pages.
    if (event.type === "thread.changed") {
      await this.endHidden([event.threadId]);
      for (const res of this.readers.get(event.threadId) ?? []) res.write("event: resync\ndata: {}\n\n");
      return;
    }
    if (!("commentId" in event) || !this.readers.has(event.threadId)) return;
    const [comment, discussion] = await Promise.all([this.deps.comments.findComment(event.commentId), findDiscussion(this.deps, event.threadId)]);
    if (!comment || !discussion) return;
    if (!discussion.access.visible) return this.endHidden([event.threadId]);
    const thread = discussion.thread;
    let message: string;
    if (comment.status === "published") {
      const target = comment.replyingToId === null ? undefined : await this.deps.comments.findComment(comment.replyingToId);
      message = `id: ${thread.version}\nevent: comment\ndata: ${JSON.stringify({ ...presentComment(comment, "comment", replyingToOf(target)), replies: [] })}\n\n`;
    } else if (event.type === "comment.created") {
      return; // held or filed as spam: nobody but its writer sees it, and their page already does
    } else {
      message = `id: ${thread.version}\nevent: gone\ndata: ${JSON.stringify(presentComment(comment, "tombstone"))}\n\n`;
    }
    this.broadcast(event.threadId, message);
  }

  /** Ends the streams of those threads that readers may no longer see (the browser's retry then gets a 404). */
  private async endHidden(threadIds: number[]): Promise<void> {
    for (const id of threadIds) {
      const set = this.readers.get(id);
      if (!set) continue;
      const d = await findDiscussion(this.deps, id);
      if (d?.access.visible) continue;
      for (const res of set) res.end();
      this.readers.delete(id);
    }
  }

  /** Ends every stream (at shutdown), asking browsers to come back in a moment, to another node if need be. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.readers.values()) for (const res of set) res.end("retry: 1000\n\n");
    this.readers.clear();
  }

  private broadcast(threadId: number, message: string): void {
    for (const res of this.readers.get(threadId) ?? []) res.write(message);
  }

  private broadcastAll(message: string): void {
    for (const set of this.readers.values()) for (const res of set) res.write(message);
  }
}
