import type { Clock } from "../shared/deps.js";
import { cleanLine } from "../shared/text.js";
import type { SiteStore } from "../sites/site.js";
import { siteShowsDiscussions } from "../threads/access.js";

/** A snippet of matched text: plain text with the matches marked, to be escaped by whoever shows it. */
export interface Snippet {
  readonly parts: ReadonlyArray<{ readonly text: string; readonly match: boolean }>;
}

export interface PostHit {
  readonly slug: string;
  readonly title: string;
  readonly publishedAt: number;
  readonly snippet: Snippet;
}

export interface CommentHit {
  readonly slug: string;
  readonly postTitle: string;
  readonly numberPath: readonly number[];
  readonly authorName: string | null;
  readonly createdAt: number;
  readonly snippet: Snippet;
}

export interface SearchPage<T> {
  readonly hits: T[];
  /** Matches counted up to a cap (1,000): `total` equal to the cap means "at least". */
  readonly total: number;
}

/** Full-text search, behind one interface for FTS5 and PostgreSQL. `terms` are plain words. */
export interface SearchStore {
  searchPosts(input: { terms: readonly string[]; now: number; limit: number; offset: number }): Promise<SearchPage<PostHit>>;
  searchComments(input: { terms: readonly string[]; now: number; limit: number; offset: number }): Promise<SearchPage<CommentHit>>;
}

/** Markers the stores put around matches; private-use characters nobody types. */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

/** Cuts marked text into parts. */
export function toSnippet(marked: string): Snippet {
  const parts: Array<{ text: string; match: boolean }> = [];
  for (const piece of marked.split(MATCH_START)) {
    const end = piece.indexOf(MATCH_END);
    if (end < 0) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    parts.push({ text: piece.slice(0, end), match: true });
    if (piece.slice(end + 1)) parts.push({ text: piece.slice(end + 1), match: false });
  }
  return { parts };
}

/** The words of a query (letters and digits of any script), at most 8, each at most 40 characters. */
export function queryTerms(q: string): string[] {
  return [...new Set((cleanLine(q).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((t) => t.slice(0, 40)))].slice(0, 8);
}

export const SEARCH_PAGE_SIZE = 10;

/** What to search: posts and comments together (the default), or one of them with pages. */
export type SearchKind = "all" | "posts" | "comments";

/**
 * Searches a site's posts and comments for a reader's query; an empty query finds nothing.
 * Comments are searched only where readers may see them: not while the site hides discussions,
 * and (in the store) not in hidden threads or of posts that are not public.
 */
export async function search(
  deps: { search: SearchStore; sites: Pick<SiteStore, "getSite">; clock: Clock },
  input: { siteId: number; q: string; kind: SearchKind; page: number },
): Promise<{ terms: string[]; posts?: SearchPage<PostHit>; comments?: SearchPage<CommentHit> }> {
  const terms = queryTerms(input.q);
  if (terms.length === 0) return { terms };
  const page = input.kind === "all" ? 1 : Math.max(1, input.page);
  const args = { terms, now: deps.clock.now(), limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE };
  const commentsShown = siteShowsDiscussions(await deps.sites.getSite(input.siteId));
  const none = { hits: [], total: 0 };
  return {
    terms,
    ...(input.kind !== "comments" ? { posts: await deps.search.searchPosts(args) } : {}),
    ...(input.kind !== "posts" ? { comments: commentsShown ? await deps.search.searchComments(args) : none } : {}),
  };
}
