/** What happened, announced after the transaction that made it happen has committed. */
export type DomainEvent =
  | { readonly type: "comment.created"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.edited"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.removed"; readonly threadId: number; readonly commentId: number }
  | { readonly type: "comment.moderated"; readonly threadId: number; readonly commentId: number; readonly status: string }
  | { readonly type: "post.changed"; readonly postId: number; readonly threadId: number }
  | { readonly type: "site.changed"; readonly siteId: number };

/** The outbound port for events; in-process today, Redis or PostgreSQL NOTIFY across nodes later. */
export interface Events {
  publish(event: DomainEvent): void;
}
