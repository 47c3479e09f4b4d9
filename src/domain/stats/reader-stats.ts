import type { Clock } from "../shared/deps.js";
import type { ArchiveEntry } from "../posts/archive.js";
import type { PostStore } from "../posts/ports.js";

/** Counts kept per day; nothing about any single reader. */
export interface StatsStore {
  siteDays(fromDay: string): Promise<Array<{ day: string; readers: number; views: number }>>;
  threadDays(threadId: number, fromDay: string): Promise<Array<{ day: string; views: number }>>;
  /** The hosts readers came from: of the installation, or of one site's pages. */
  topReferrers(fromDay: string, limit: number, siteId?: number): Promise<Array<{ host: string; views: number }>>;
  /** One site's distinct readers per day (a reader of two of its pages is one). */
  siteReaderDays(siteId: number, fromDay: string): Promise<Array<{ day: string; readers: number }>>;
  /** Creation times of published comments since `fromMs` (bucketed by the use case), of one thread or one site's threads. */
  commentTimes(fromMs: number, of?: { threadId?: number | undefined; siteId?: number | undefined }): Promise<number[]>;
  /** One site's views per day: the sum over its threads. */
  siteThreadDays(siteId: number, fromDay: string): Promise<Array<{ day: string; views: number }>>;
  /** One site's most read discussions since `fromDay`: their page's title and address (ours: the post's). */
  topThreads(siteId: number, fromDay: string, limit: number): Promise<Array<{ threadId: number; title: string; url: string; views: number }>>;
}

export interface DaySeries {
  /** UTC days, oldest first: "2024-06-19". */
  readonly days: string[];
  readonly views: number[];
  readonly readers: number[];
  readonly comments: number[];
}

export interface ReaderStats extends DaySeries {
  readonly topPosts: Array<ArchiveEntry & { views: number }>;
  readonly referrers: Array<{ host: string; views: number }>;
  /** For one embedding site: its most read discussions (the pages on its own website). */
  readonly topThreads: Array<{ threadId: number; title: string; url: string; views: number }>;
  /**
   * Whose figures these are: the whole installation, one site, or one thread. Distinct readers and
   * referrers are counted for the installation and for each site; a thread shows its views and
   * comments (its distinct readers are its views: one per reader a day).
   */
  readonly scope: "installation" | "site" | "thread";
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` days, zero-filled: views and distinct readers (installation, one site or one post), comments. */
export async function getReaderStats(
  deps: { stats: StatsStore; posts: Pick<PostStore, "listPopularPosts">; clock: Clock },
  input: { days: number; threadId?: number | undefined; siteId?: number | undefined },
): Promise<ReaderStats> {
  const now = deps.clock.now();
  const start = now - (input.days - 1) * DAY;
  const days = Array.from({ length: input.days }, (_, i) => dayOf(start + i * DAY));
  const index = new Map(days.map((d, i) => [d, i]));
  const views = days.map(() => 0);
  const readers = days.map(() => 0);
  const comments = days.map(() => 0);
  const siteId = input.threadId === undefined ? input.siteId : undefined;
  const scope = input.threadId !== undefined ? "thread" : siteId !== undefined ? "site" : "installation";
  if (siteId !== undefined) {
    for (const r of await deps.stats.siteThreadDays(siteId, days[0] as string)) {
      const i = index.get(r.day);
      if (i !== undefined) views[i] = r.views;
    }
    for (const r of await deps.stats.siteReaderDays(siteId, days[0] as string)) {
      const i = index.get(r.day);
      if (i !== undefined) readers[i] = r.readers;
    }
  } else if (scope === "installation") {
    for (const r of await deps.stats.siteDays(days[0] as string)) {
      const i = index.get(r.day);
      if (i !== undefined) {
        views[i] = r.views;
        readers[i] = r.readers;
      }
    }
  } else if (input.threadId !== undefined) {
    for (const r of await deps.stats.threadDays(input.threadId, days[0] as string)) {
      const i = index.get(r.day);
      if (i !== undefined) views[i] = r.views;
    }
  }
  for (const t of await deps.stats.commentTimes(Date.parse(`${days[0]}T00:00:00Z`), { threadId: input.threadId, siteId })) {
    const i = index.get(dayOf(t));
    if (i !== undefined) comments[i] = (comments[i] ?? 0) + 1;
  }
  const [topPosts, referrers] = scope === "installation"
    ? await Promise.all([deps.posts.listPopularPosts({ now, sinceDay: days[0], limit: 10 }), deps.stats.topReferrers(days[0] as string, 10)])
    : siteId !== undefined
      ? [[], await deps.stats.topReferrers(days[0] as string, 10, siteId)]
      : [[], []];
  const topThreads = siteId !== undefined ? await deps.stats.topThreads(siteId, days[0] as string, 10) : [];
  return { days, views, readers, comments, topPosts, referrers, topThreads, scope };
}
