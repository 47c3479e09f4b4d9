import { DateTime } from "luxon";

/**
 * Wall-clock times in a time zone, as an editor types and reads them ("2026-12-02T07:30" in
 * Asia/Kuala_Lumpur), to and from the UTC instants we store. Luxon knows the zones' rules (DST).
 */

/**
 * The instants a date here may be: years 1000 to 9999, what ISO 8601 writes without an extended
 * year, JSON Schema's date-time accepts and every reader's calendar shows. JavaScript itself goes
 * to the year 275760: a post scheduled for "+275760-09-13" was stored, and the posts API, whose
 * answer must be a date-time, failed for every caller (a 500) from then on.
 */
export const EARLIEST_TIME = Date.UTC(1000, 0, 1);
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** `ms` when it is such an instant, else NaN (as an unparsable date is). */
export function calendarTime(ms: number): number {
  return ms >= EARLIEST_TIME && ms <= LATEST_TIME ? ms : Number.NaN;
}

/** The instant of a wall-clock time in `zone`, or NaN when it is not one. A time skipped by DST moves forward. */
export function zonedToUtc(local: string, zone: string): number {
  const t = DateTime.fromISO(local, { zone });
  return t.isValid ? calendarTime(t.toMillis()) : Number.NaN;
}

/** "YYYY-MM-DDTHH:mm" in `zone`, for a datetime-local input. */
export function utcToZonedInput(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The zone's short name at that instant ("GMT+8", "BST"), for showing beside a time. */
export function zoneLabel(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("ZZZZ");
}
