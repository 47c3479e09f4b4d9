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

/**
 * Chinese and Japanese are written without spaces, so a word tokenizer sees a whole sentence as
 * one word and "击西" never matches "声东击西". Both dialects index text with every such character
 * set apart by zero-width spaces (a separator to FTS5's unicode61 and PostgreSQL's parser alike), so
 * each character is a token and a query's characters are matched as a phrase. PostgreSQL applies
 * the same character class in SQL (migration 009): keep the two in step.
 */
export const CJK_CLASS = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const CJK_CHAR = new RegExp(`([${CJK_CLASS}])`, "gu");
const SEPARATOR = "\u200B";

/** Text as the search index sees it: every CJK character a token of its own. */
export function searchableText(text: string): string {
  return text.replace(CJK_CHAR, `${SEPARATOR}$1${SEPARATOR}`);
}

/** A query term's tokens as the index holds them: one for a word, one per character of CJK text. */
export function termTokens(term: string): string[] {
  return searchableText(term).split(SEPARATOR).filter((t) => t !== "");
}

/** Cuts marked text into parts (the index's separators taken out, touching matches joined). */
export function toSnippet(marked: string): Snippet {
  const parts: Array<{ text: string; match: boolean }> = [];
  const add = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  for (const piece of marked.replaceAll(SEPARATOR, "").split(MATCH_START)) {
    const end = piece.indexOf(MATCH_END);
    if (end < 0) {
      add(piece, false);
      continue;
    }
    add(piece.slice(0, end), true);
    add(piece.slice(end + 1), false);
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
