import type { Comment } from "./comment.js";
import type { CommentStore } from "./ports.js";
import type { ThreadSort } from "./sort-thread.js";

/**
 * At most this many comments make one page of a discussion (post page, embedded frame): a thread of
 * 40,000 comments rendered whole took a server's 128 MB heap and killed it. Nearly every thread
 * fits on one page; a larger one is read in pages of whole top-level comments.
 */
export const COMMENTS_PER_PAGE = 2000;

export interface ReadingPage {
  readonly comments: Comment[];
  /** The top-level number after which the next page starts; null on the last page. */
  readonly nextRoot: number | null;
  /** Where this page started (undefined: the first page). */
  readonly afterRoot: number | undefined;
}

/**
 * The page of a thread a reader asked for. "Newest" reads from the newest top-level comment down;
 * every other order reads in number order and sorts within the page.
 */
export async function readingPage(deps: { comments: Pick<CommentStore, "listReadingPage"> }, threadId: number, input: { afterRoot?: number | undefined; sort?: ThreadSort | undefined }): Promise<ReadingPage> {
  const page = await deps.comments.listReadingPage(threadId, { max: COMMENTS_PER_PAGE, afterRoot: input.afterRoot, newestFirst: input.sort === "newest" });
  return { ...page, afterRoot: input.afterRoot };
}
