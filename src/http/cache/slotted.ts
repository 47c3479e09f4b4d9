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
  return fillAllBut(page, NO_SLOTS, (name) => values[name], fallback).stretches[0] ?? Buffer.alloc(0);
}

const NO_SLOTS: ReadonlySet<string> = new Set();

/**
 * Fills every slot except those named in `open` (with its value, else — a per-viewer slot keeps its
 * marker — the fallback), and cuts the page at those: the stretches between the open slots (each
 * one allocation, one copy of each part) and the open slots' names in order, `stretches[0] open[0]
 * stretches[1] … stretches[n]`. Cut once, a page serves many requests that differ only in the open
 * slots (a view count, the time served) — compressed once (gzip-stretches.ts), for one.
 */
export function fillAllBut(page: SlottedPage, open: ReadonlySet<string>, valueOf: (slot: string) => string | undefined, fallback: (slot: string) => string): { stretches: Buffer[]; open: string[] } {
  const stretches: Buffer[] = [];
  const names: string[] = [];
  let pieces: Array<Buffer | string> = [page.bytes[0] ?? Buffer.alloc(0)];
  const close = () => {
    let size = 0;
    for (const p of pieces) size += typeof p === "string" ? Buffer.byteLength(p, "utf8") : p.length;
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const p of pieces) at += typeof p === "string" ? out.write(p, at, "utf8") : p.copy(out, at);
    stretches.push(out);
  };
  for (let i = 0; i < page.slots.length; i++) {
    const name = page.slots[i] ?? "";
    if (open.has(name)) {
      close();
      names.push(name);
      pieces = [];
    } else {
      pieces.push(valueOf(name) ?? (PER_VIEWER_SLOTS.has(name) ? slot(name) : fallback(name)));
    }
    pieces.push(page.bytes[i + 1] ?? Buffer.alloc(0));
  }
  close();
  return { stretches, open: names };
}
