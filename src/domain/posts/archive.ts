/** The Blogger-style archive: years, months within them, posts within those, newest first, with counts. */

export interface ArchiveEntry {
  readonly slug: string;
  readonly title: string;
  readonly publishedAt: number;
}

export interface ArchiveMonth {
  /** "2024-06" */
  readonly key: string;
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly posts: ArchiveEntry[];
}

export interface ArchiveYear {
  readonly year: number;
  readonly count: number;
  readonly months: ArchiveMonth[];
}

/** Groups posts (any order) by year and month in the site's time zone. */
export function buildArchive(posts: readonly ArchiveEntry[], timeZone: string): ArchiveYear[] {
  const fmt = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone });
  const months = new Map<string, ArchiveMonth>();
  for (const p of [...posts].sort((a, b) => b.publishedAt - a.publishedAt)) {
    const parts = fmt.formatToParts(p.publishedAt);
    const year = Number(parts.find((x) => x.type === "year")?.value);
    const month = Number(parts.find((x) => x.type === "month")?.value);
    const key = `${year}-${String(month).padStart(2, "0")}`;
    const m = months.get(key) ?? { key, year, month, posts: [] };
    m.posts.push(p);
    months.set(key, m);
  }
  const years = new Map<number, ArchiveYear>();
  for (const m of months.values()) {
    const y = years.get(m.year) ?? { year: m.year, count: 0, months: [] };
    y.months.push(m);
    years.set(m.year, { ...y, count: y.count + m.posts.length });
  }
  return [...years.values()];
}

/** The first instant of the month and of the next one, in the site's time zone. */
export function monthBounds(year: number, month: number, timeZone: string): { since: number; until: number } {
  const startOf = (y: number, m: number) => {
    const guess = Date.UTC(y, m - 1, 1);
    // Shift by the zone's offset at that moment: Intl tells what wall time the UTC guess shows there.
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(guess);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const shown = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
    return guess - (shown - guess);
  };
  return { since: startOf(year, month), until: month === 12 ? startOf(year + 1, 1) : startOf(year, month + 1) };
}
