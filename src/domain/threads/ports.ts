import type { PostPublication } from "./access.js";
import type { Thread } from "./thread.js";

export interface ThreadStore {
  findThread(id: number): Promise<Thread | undefined>;
  /** The thread with its post's publication facts (null for a thread without a post), in one read. */
  findThreadWithPost(id: number): Promise<{ thread: Thread; post: PostPublication | null } | undefined>;
}
