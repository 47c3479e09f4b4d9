import type { ThreadView } from "../../domain/comments/list-thread.js";
import type { ViewCounter } from "../../domain/views/view-counter.js";
import { presentTree } from "./comment.js";

/** A page of a thread with its live counters. */
export function presentThreadView(view: ThreadView, views: Pick<ViewCounter, "totalFor">) {
  return {
    threadId: view.thread.id,
    mode: view.thread.mode,
    viewCount: views.totalFor(view.thread.id, view.thread.viewCount),
    // A hidden discussion shows no comments, and so no count of them either.
    commentCount: view.thread.mode === "hidden" ? 0 : view.thread.commentCount,
    comments: presentTree(view.nodes),
    nextCursor: view.nextCursor,
  };
}
