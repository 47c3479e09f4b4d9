/**
 * A rendered response cut at its per-request slots: the parts are encoded once as UTF-8, and a
 * request only fills in the few bytes that change (the live view count, the time served).
 * A slot is written as NUL + name + NUL: NUL never appears in escaped HTML text nor in JSON output.
 */

export { slot } from "../../views/slot.js";

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

/** Fills the slots with this request's values; a slot without one gets `fallback(name)` (by default nothing). */
export function fillSlots(page: SlottedPage, values: Record<string, string>, fallback: (slot: string) => string = () => ""): Buffer {
  const chunks: Buffer[] = [page.bytes[0] ?? Buffer.alloc(0)];
  for (let i = 0; i < page.slots.length; i++) {
    const name = page.slots[i] ?? "";
    chunks.push(Buffer.from(values[name] ?? fallback(name), "utf8"), page.bytes[i + 1] ?? Buffer.alloc(0));
  }
  return Buffer.concat(chunks);
}
