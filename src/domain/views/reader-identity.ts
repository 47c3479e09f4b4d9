import { isbot } from "isbot";
import type { Hasher } from "../shared/deps.js";

/**
 * Who a reader is, for counting only: a hash of the day's secret salt, the IP, the user agent and
 * the thread. Without the salt (discarded after its day) the hash cannot be tied back to a person,
 * and it differs per thread, so it cannot follow a reader across pages. 52 bits are kept: a
 * collision among a million readers of one day is about a one-in-ten-thousand event and costs one
 * uncounted view.
 */
export function readerHash(hasher: Hasher, salt: string, ip: string, userAgent: string, threadId: number): string {
  return hasher.sha256(`${salt}\u0000${ip}\u0000${userAgent}\u0000${threadId}`).slice(0, 13);
}

/** Known crawlers, previewers and monitors never count (a maintained list). Empty agents neither. */
export function isBotAgent(userAgent: string): boolean {
  return userAgent.trim() === "" || isbot(userAgent);
}

const DAY_MS = 86_400_000;
let lastDay = { start: 0, label: "1970-01-01" };

/** The UTC calendar day a view belongs to, e.g. "2026-11-28"; salts rotate with it. Called per view, so memoised. */
export function viewDay(now: number): string {
  const start = now - (now % DAY_MS);
  if (start !== lastDay.start) lastDay = { start, label: new Date(start).toISOString().slice(0, 10) };
  return lastDay.label;
}
