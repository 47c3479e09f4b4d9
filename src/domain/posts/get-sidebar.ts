import type { Clock } from "../shared/deps.js";
import { buildArchive, type ArchiveEntry, type ArchiveYear } from "./archive.js";
import type { PostStore } from "./ports.js";

export interface Sidebar {
  readonly archive: ArchiveYear[];
  readonly popular: ReadonlyArray<{ readonly label: string; readonly posts: ReadonlyArray<ArchiveEntry & { views: number }> }>;
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The blog's sidebar: the archive by year and month, and the most-read posts of the week, month and all time. */
export async function getSidebar(deps: { posts: Pick<PostStore, "listArchiveEntries" | "listPopularPosts">; clock: Clock }, input: { timeZone: string }): Promise<Sidebar> {
  const now = deps.clock.now();
  const [entries, week, month, ever] = await Promise.all([
    deps.posts.listArchiveEntries(now, 5000),
    deps.posts.listPopularPosts({ now, sinceDay: dayOf(now - 6 * DAY), limit: 5 }),
    deps.posts.listPopularPosts({ now, sinceDay: dayOf(now - 29 * DAY), limit: 5 }),
    deps.posts.listPopularPosts({ now, limit: 5 }),
  ]);
  return {
    archive: buildArchive(entries, input.timeZone),
    popular: [
      { label: "This week", posts: week },
      { label: "This month", posts: month },
      { label: "All time", posts: ever },
    ],
  };
}
