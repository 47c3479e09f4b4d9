/** What happened, announced after the transaction that made it happen has committed. */
export type DomainEvent =
  | { readonly type: "comment.created"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.edited"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.removed"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.moderated"; readonly threadId: number; readonly commentId: number; readonly status: string }
  | { readonly type: "post.changed"; readonly postId: number; readonly threadId: number }
  | { readonly type: "site.changed"; readonly siteId: number }
  /** A thread's addresses or comments moved (merged into another, or given another address). */
  | { readonly type: "thread.changed"; readonly threadId: number }
  /** Views one node has just written, so other nodes can show them before they next read storage. */
  | { readonly type: "views.counted"; readonly counts: ReadonlyArray<readonly [threadId: number, views: number]> }
  /** This node may have missed events from others (its connection to them dropped): re-read, don't trust caches. */
  | { readonly type: "events.gap" };

/** The outbound port for events: in-process on one node, PostgreSQL NOTIFY or Redis pub/sub across nodes. */
export interface Events {
  publish(event: DomainEvent): void;
}
