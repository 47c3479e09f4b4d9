import { DateTime } from "luxon";

/**
 * Wall-clock times in a time zone, as an editor types and reads them ("2026-12-02T07:30" in
 * Asia/Kuala_Lumpur), to and from the UTC instants we store. Luxon knows the zones' rules (DST).
 */

/** The instant of a wall-clock time in `zone`, or NaN when it is not one. A time skipped by DST moves forward. */
export function zonedToUtc(local: string, zone: string): number {
  const t = DateTime.fromISO(local, { zone });
  return t.isValid ? t.toMillis() : Number.NaN;
}

/** "YYYY-MM-DDTHH:mm" in `zone`, for a datetime-local input. */
export function utcToZonedInput(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The zone's short name at that instant ("GMT+8", "BST"), for showing beside a time. */
export function zoneLabel(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("ZZZZ");
}
