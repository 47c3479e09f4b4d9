import type { ServerResponse } from "node:http";
import type { CommentStore } from "../../domain/comments/ports.js";
import type { DomainEvent } from "../../domain/shared/events.js";
import { findDiscussion, type FindDiscussionDeps } from "../../domain/threads/find-discussion.js";
import { presentComment } from "../presenters/comment.js";
import { replyingToOf } from "../../domain/comments/thread-tree.js";
import { DomainError } from "../../domain/shared/errors.js";

/** How many streams may be open at once: from one network (IPv6 /64 as one), and in all. */
export interface StreamLimits {
  readonly perNetwork: number;
  readonly total: number;
}

/** How long a refused reader is asked to wait (EventSource does not retry a refusal by itself). */
const REFUSED_RETRY_SECONDS = 60;

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
  /** Open streams by network: a stream holds a connection (a file descriptor) for as long as it is open. */
  private readonly byNetwork = new Map<string, number>();
  private streams = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: FindDiscussionDeps & { comments: Pick<CommentStore, "findComment"> },
    options: { heartbeatMs?: number } = {},
    private readonly limits: StreamLimits = { perNetwork: 50, total: 10_000 },
  ) {
    // A comment line every 15 s keeps proxies and load balancers from closing an idle stream.
    this.heartbeat = setInterval(() => this.broadcastAll(": ping\n\n"), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** How many readers are connected (for metrics). */
  get size(): number {
    return this.streams;
  }

  /**
   * Refuses a stream over the limits (rate_limited, with a wait): one network could otherwise hold
   * every connection the process may open, and the blog would stop answering anyone.
   */
  admit(network: string): void {
    if ((this.byNetwork.get(network) ?? 0) >= this.limits.perNetwork || this.streams >= this.limits.total) {
      const who = this.streams >= this.limits.total ? "Too many readers are following discussions live just now" : "Too many live streams are open from your network";
      throw new DomainError("rate_limited", `${who}; the page works without them. Try again in ${REFUSED_RETRY_SECONDS} seconds.`, undefined, REFUSED_RETRY_SECONDS).as("rateLimited", { seconds: REFUSED_RETRY_SECONDS });
    }
  }

  /**
   * Starts a stream for one reader of `network` (admitted first); `lastSeenVersion` is what their
   * page or last event showed.
   */
  open(threadId: number, currentVersion: number, lastSeenVersion: number | undefined, res: ServerResponse, network: string): void {
    this.admit(network);
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
    this.streams++;
    this.byNetwork.set(network, (this.byNetwork.get(network) ?? 0) + 1);
    res.on("close", () => {
      set.delete(res);
      if (set.size === 0) this.readers.delete(threadId);
      this.streams--;
      const left = (this.byNetwork.get(network) ?? 1) - 1;
      if (left === 0) this.byNetwork.delete(network);
      else this.byNetwork.set(network, left);
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
