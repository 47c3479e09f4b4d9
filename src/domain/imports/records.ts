/** What an export file holds, as the importers read it: the same shape whatever the system. */
export type ImportSource = "blogger" | "wordpress" | "disqus";

export interface ImportedPost {
  readonly kind: "post";
  /** The source system's id, unique in its export. */
  readonly originalId: string;
  readonly title: string;
  /** The body as the source system stored it: HTML. */
  readonly html: string;
  readonly publishedAt: number;
  readonly authorName: string | null;
  readonly labels: readonly string[];
  /** Where the post lived (its old address keeps working). */
  readonly originalUrl: string | null;
  /** Other addresses that led to it there (WordPress's /?p=123). */
  readonly otherUrls?: readonly string[];
  /** Its address name there, when the system has one (WordPress's post_name). */
  readonly slug?: string | null;
  /** Not yet public there (a draft, or scheduled for `publishedAt`); published when absent. */
  readonly status?: "published" | "scheduled" | "draft";
  /** Its summary (WordPress's excerpt). */
  readonly standfirst?: string | null;
  /** Its view total there, when the export carries one. */
  readonly views?: number | null;
  /** What only a Broadsheet export carries (post meta in its WXR file). */
  readonly dateline?: string | null;
  readonly leadImage?: { readonly url: string; readonly caption: string | null; readonly credit: string | null } | null;
  readonly source?: { readonly outlet: string; readonly url: string; readonly publishedAt: number | null } | null;
  readonly canonicalToSource?: boolean;
  /** Its discussion's mode there (WordPress's comment_status closed → closed). */
  readonly threadMode?: "open" | "moderated" | "closed" | "hidden";
}

export interface ImportedComment {
  readonly kind: "comment";
  readonly originalId: string;
  readonly postOriginalId: string;
  /** The comment it answers, if any. */
  readonly parentOriginalId: string | null;
  /** null: anonymous, and it stays so. */
  readonly authorName: string | null;
  readonly authorUrl: string | null;
  readonly html: string;
  /** Its HTML sanitised and its text, when the reader did it already (then `html` is empty). */
  readonly prepared?: PreparedHtml;
  readonly publishedAt: number;
  /** Removed where it came from: kept as a tombstone with its number. */
  readonly removed: "author" | "moderator" | null;
  /** Not public where it came from: waiting for a moderator, or filed as spam. */
  readonly held?: "pending" | "spam" | null;
}

/** An imported comment's HTML through our allow-list, and its plain text (what search indexes). */
export interface PreparedHtml {
  readonly html: string;
  readonly text: string;
}

/**
 * A discussion without a post of its own in the export (Disqus): matched to one of our posts by its
 * address, or made as an embedding site's page thread.
 */
export interface ImportedThread {
  readonly kind: "thread";
  readonly originalId: string;
  readonly url: string;
  readonly title: string;
}

/** An entry the importer read but does not import, and why. */
export interface SkippedEntry {
  readonly kind: "skipped";
  readonly originalId: string;
  readonly reason: string;
}

export type ImportRecord = ImportedPost | ImportedThread | ImportedComment | SkippedEntry;

/**
 * The longest id an export may give an entry. Ids are keys (PostgreSQL's index entries hold about
 * 2,700 bytes; an import with a longer one failed there and not on SQLite); no system we read
 * writes ids anywhere near this long, so a longer one marks a malformed entry.
 */
export const MAX_ORIGINAL_ID = 500;

/** Why this entry cannot be imported as it stands: one of its ids is longer than any id. */
export function overlongIdIn(r: ImportRecord): string | undefined {
  const ids = r.kind === "comment" ? [r.originalId, r.postOriginalId, r.parentOriginalId ?? ""] : [r.originalId];
  return ids.some((id) => id.length > MAX_ORIGINAL_ID) ? `malformed entry: an id longer than ${MAX_ORIGINAL_ID} characters` : undefined;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly posts: { added: number; existing: number };
  readonly comments: { added: number; existing: number; replies: number; removed: number; pending: number; spam: number };
  /** At most 10,000, one by one; */
  readonly skipped: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
  /** how many more were skipped beyond them. */
  readonly skippedBeyond: number;
}
