/**
 * A rendered response cut at its per-request slots: the parts are encoded once as UTF-8, and a
 * request only fills in the few bytes that change (the live view count, the time served).
 * A slot is written as NUL + name + NUL: NUL never appears in escaped HTML text nor in JSON output.
 */

import { slot } from "../../views/slot.js";
export { slot };

/** bytes[0] slot[0] bytes[1] slot[1] … bytes[n] */
export interface SlottedPage {
  /** Encoded once, so a request copies bytes instead of re-encoding 200 KB of text. */
  readonly bytes: readonly Buffer[];
  readonly slots: readonly string[];
  /** Total size, for the cache's byte budget. */
  readonly size: number;
}

// The shape written by views/slot.ts.
const SLOT = /\u0000(\w+)\u0000/g;

/** Cuts a rendered page at every slot marker, remembering which slot goes where. */
export function cutSlots(html: string): SlottedPage {
  const bytes: Buffer[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of html.matchAll(SLOT)) {
    bytes.push(Buffer.from(html.slice(last, m.index), "utf8"));
    slots.push(m[1] ?? "");
    last = (m.index ?? 0) + m[0].length;
  }
  bytes.push(Buffer.from(html.slice(last), "utf8"));
  return { bytes, slots, size: bytes.reduce((n, b) => n + b.length, 0) };
}

/**
 * Slots filled last, per response, once the viewer is known (http/masthead.ts): a cached body
 * keeps their markers unless the caller gives a value (the fast path gives the readers' one).
 */
export const PER_VIEWER_SLOTS: ReadonlySet<string> = new Set(["account"]);

/** Fills the slots with this request's values; a slot without one gets `fallback(name)` (by default nothing). */
export function fillSlots(page: SlottedPage, values: Readonly<Record<string, string>>, fallback: (slot: string) => string = () => ""): Buffer {
  // One allocation and one copy of each part: a page of 200 comments has some 200 score slots.
  const filled = page.slots.map((name) => values[name] ?? (PER_VIEWER_SLOTS.has(name) ? slot(name) : fallback(name)));
  let size = page.size;
  for (const v of filled) size += Buffer.byteLength(v, "utf8");
  const out = Buffer.allocUnsafe(size);
  let at = page.bytes[0]?.copy(out, 0) ?? 0;
  for (let i = 0; i < filled.length; i++) {
    at += out.write(filled[i] ?? "", at, "utf8");
    at += page.bytes[i + 1]?.copy(out, at) ?? 0;
  }
  return out;
}
