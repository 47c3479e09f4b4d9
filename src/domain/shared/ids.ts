/**
 * Ids, comment numbers and thread versions are positive 32-bit integers: PostgreSQL's `integer`
 * and `serial` columns hold no more (SQLite would, but one rule serves both dialects). A number
 * outside this range names nothing we store: it is "not found" or "invalid", never a database error.
 */
export const MAX_ID = 2_147_483_647;

export function isId(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 1 && n <= MAX_ID;
}

/** An id written in a path, a query or a form: decimal digits, in range. Anything else is no id. */
export function parseId(text: unknown): number | undefined {
  if (typeof text !== "string" || !/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return isId(n) ? n : undefined;
}

/** An id that names nothing (ids start at 1): looked up, it is simply not found. */
export const NO_ID = 0;

/**
 * The version a form was opened on (`basedOn`: the post's or page's `updatedAt`, milliseconds),
 * as the form sends it back: decimal digits of a positive safe integer, else no version (the save
 * then checks none, as a form from before versions did).
 */
export function parseVersion(text: unknown): number | undefined {
  if (typeof text !== "string" || !/^\d{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * A version for what has no stored one (a site's settings): a 53-bit digest (cyrb53) of the values
 * as the form shows them, a positive safe integer like every other version. Only a conflict check
 * reads it — it tells "changed since you opened it" from "not", and is no secret.
 */
export function contentVersion(value: unknown): number {
  const text = JSON.stringify(value) ?? "";
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}
