import type { Comment } from "./comment.js";
import type { CommentStore } from "./ports.js";
import type { ThreadSort } from "./sort-thread.js";
import { findDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";

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

/**
 * Where the pages of a thread start today: the `nextRoot` of each page read from the first, given
 * how many comments each top-level comment holds with its replies (in number order). The same cut
 * as `listReadingPage`: a page is the whole top-level comments that fit in `max`; one that alone
 * holds more than `max` is a page of its own.
 */
export function pageStarts(rootSizes: readonly (readonly [root: number, comments: number])[], max: number, newestFirst: boolean): number[] {
  const order = newestFirst ? [...rootSizes].reverse() : rootSizes;
  const starts: number[] = [];
  let total = 0;
  let last: number | undefined;
  for (const [root, n] of order) {
    if (last !== undefined && total > 0 && total + n > max) {
      starts.push(last);
      total = 0;
    }
    total += n;
    last = root;
    if (total > max) {
      starts.push(root);
      total = 0;
    }
  }
  return starts;
}

/**
 * The start of the page that holds what comes after `afterRoot` in this order: `afterRoot` itself
 * when it is a page start, else the start before it (undefined: the first page). Only page starts
 * are pages, so a thread is rendered (and cached) once per page, not once per number a visitor
 * can type; a start that moved as replies arrived leads to the page that holds its comments now.
 */
export async function pageStartAt(deps: FindDiscussionDeps & { comments: Pick<CommentStore, "rootSizes"> }, threadId: number, input: { afterRoot: number; sort?: ThreadSort | undefined }): Promise<number | undefined> {
  // A discussion nobody may read says nothing of its pages: its page is asked for as it was.
  if (!(await findDiscussion(deps, threadId))?.access.visible) return input.afterRoot;
  const newestFirst = input.sort === "newest";
  const starts = pageStarts(await deps.comments.rootSizes(threadId), COMMENTS_PER_PAGE, newestFirst);
  // Starts come in reading order: ascending numbers, or descending for "newest".
  let found: number | undefined;
  for (const s of starts) {
    if (newestFirst ? s < input.afterRoot : s > input.afterRoot) break;
    found = s;
  }
  return found;
}
