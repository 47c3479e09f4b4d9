import { getVisibleDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";
import type { Thread } from "../threads/thread.js";
import type { CommentStore } from "./ports.js";
import { buildThreadTree, type ThreadNode } from "./thread-tree.js";

export interface ThreadView {
  /** The thread, its mode the one in force. */
  readonly thread: Thread;
  readonly nodes: ThreadNode[];
  readonly nextCursor: number | null;
}

/** A page of a thread as readers see it, paginated by top-level comment number; not found unless readers may see it. */
export async function listThread(
  deps: FindDiscussionDeps & { comments: Pick<CommentStore, "listThreadPage"> },
  input: { threadId: number; afterNumber?: number | undefined; limit?: number | undefined },
): Promise<ThreadView> {
  const { thread } = await getVisibleDiscussion(deps, input.threadId);
  const page = await deps.comments.listThreadPage(thread.id, input.afterNumber ?? 0, Math.min(Math.max(input.limit ?? 50, 1), 200));
  return { thread, nodes: buildThreadTree(page.comments), nextCursor: page.nextCursor };
}
