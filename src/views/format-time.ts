/** Dates as readers see them. Shared by the server and the browser script. */

/** "Wednesday, June 19, 2024" in the site's time zone. */
export function dateHeader(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone }).format(ms);
}

/** The calendar day in the site's time zone, for grouping: "2024-06-19". */
export function dayKey(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(ms);
}

/** "June 19, 2024 at 14:05 UTC": the exact time, for titles. */
export function exactTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone, timeZoneName: "short" }).format(ms);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];
const formats = new Map<string, Intl.RelativeTimeFormat>();
const JUST_NOW: Readonly<Record<string, string>> = { en: "just now", ar: "الآن", zh: "刚刚" };

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago" — or "منذ 5 دقائق", "5分钟前". */
export function relativeTime(ms: number, now: number, lang = "en"): string {
  const seconds = Math.round((ms - now) / 1000);
  const justNow = JUST_NOW[lang] ?? "just now";
  if (Math.abs(seconds) < 60) return justNow;
  let rtf = formats.get(lang);
  if (!rtf) formats.set(lang, (rtf = new Intl.RelativeTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { numeric: "auto" })));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return justNow;
}
