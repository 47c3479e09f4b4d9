import { DomainError } from "../shared/errors.js";
import type { ThreadStore } from "../threads/ports.js";
import { isDiscussionVisible, type Thread } from "../threads/thread.js";
import type { CommentStore } from "./ports.js";
import { buildThreadTree, type ThreadNode } from "./thread-tree.js";

export interface ThreadView {
  readonly thread: Thread;
  readonly nodes: ThreadNode[];
  readonly nextCursor: number | null;
}

/** A page of a thread as readers see it, paginated by top-level comment number. */
export async function listThread(
  deps: { comments: Pick<CommentStore, "listThreadPage">; threads: Pick<ThreadStore, "findThread"> },
  input: { threadId: number; afterNumber?: number | undefined; limit?: number | undefined },
): Promise<ThreadView> {
  const thread = await deps.threads.findThread(input.threadId);
  if (!thread) throw new DomainError("not_found", "This discussion does not exist.", "threadId");
  if (!isDiscussionVisible(thread)) return { thread, nodes: [], nextCursor: null };
  const page = await deps.comments.listThreadPage(thread.id, input.afterNumber ?? 0, Math.min(Math.max(input.limit ?? 50, 1), 200));
  return { thread, nodes: buildThreadTree(page.comments), nextCursor: page.nextCursor };
}
