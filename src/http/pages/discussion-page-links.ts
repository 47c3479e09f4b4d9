import type { ReadingPage } from "../../domain/comments/reading-page.js";
import type { DiscussionPageLinks } from "../../views/discussion.js";

/**
 * The links between a long discussion's pages, on the address that shows it (`path`, with the
 * query that names the view, e.g. `sort=best`), `after=` last: the post page and the embedded frame.
 */
export function discussionPageLinks(path: string, query: string, page: Pick<ReadingPage, "afterRoot" | "nextRoot"> | undefined): DiscussionPageLinks | undefined {
  if (!page) return undefined;
  const href = (after?: number) => discussionPageHref(path, query, after);
  return { first: page.afterRoot === undefined ? undefined : href(), next: page.nextRoot === null ? undefined : href(page.nextRoot) };
}

/** The address of one page of a discussion: the first (no `after`), or the one after a top-level number. */
export function discussionPageHref(path: string, query: string, after?: number): string {
  const q = [query, after === undefined ? "" : `after=${after}`].filter(Boolean).join("&");
  return `${path}${q ? `?${q}` : ""}#comments`;
}
