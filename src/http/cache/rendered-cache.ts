import type { DomainEvent } from "../../domain/shared/events.js";
import { fillAllBut, fillSlots, type SlottedPage } from "./slotted.js";
import { deflateStretch, gzipOf, type DeflatedStretch } from "./gzip-stretches.js";
import type { VoteMode } from "../../domain/sites/site.js";
import { scoreFallback, type ScoreSlots } from "./score-cache.js";
import { acceptsGzip } from "../accept-gzip.js";

/** A rendered response (a post page, a page of thread JSON) cut around its per-request slots. */
export interface CachedPage {
  /** The thread whose changes make this entry stale. */
  readonly threadId: number;
  /** The thread's site (its readers are counted per site); a listing's: our own. */
  readonly siteId: number;
  /** Stored view total when rendered; the live figure comes from the view counter. */
  readonly storedViews: number;
  readonly page: SlottedPage;
  readonly expiresAt: number;
  /** Its comments carry score slots, filled from the score cache (views/votes.tsx). */
  readonly votes?: VoteMode | undefined;
  /** The last filled body and the slot values it was filled with: reused until a value changes. */
  filled?: { readonly key: string; readonly body: Buffer };
  /** The entry compressed (see gzippedBody). */
  gzip?: GzipState;
  /** Requests it answered, halved every minute: what it is worth keeping (see RenderedCache). */
  hits?: number;
}

interface GzipState {
  /** The open slots and scores version the stretches were cut for. */
  readonly key: string;
  readonly startedAt: number;
  stretches?: readonly DeflatedStretch[];
  open?: readonly string[];
  filled?: { readonly key: string; readonly body: Buffer };
}

/** A page whose scores keep changing (votes arriving) is compressed again at most this often. */
const RECOMPRESS_MS = 1000;

/** Cache keys: one namespace per kind of rendering. */
/** Entries about the whole site (front page, listings) use this thread id: any change drops them. */
export const SITE_WIDE = 0;

export const cacheKeys = {
  listing: (path: string) => `list:${path}`,
  postPage: (slug: string) => `post:${slug}`,
  threadJson: (threadId: number, after: number, limit: number) => `thread:${threadId}:${after}:${limit}`,
};

/**
 * What a kept page costs: the slotted page, the filled body served from it (the same size within
 * its few slot values), and its gzip copy (a tenth of that for HTML, counted as a quarter).
 */
export function entryBytes(entry: Pick<CachedPage, "page">): number {
  return Math.ceil(entry.page.size * 2.25);
}

/** How many of the oldest entries are weighed when one must go; how many unkept keys are counted. */
const VICTIM_SAMPLE = 8;
const MAX_COUNTED_MISSES = 4096;
const AGING_MS = 60_000;

/**
 * Rendered responses by key. A comment write or post change drops what it affects; a view never
 * does. Entries also expire after `ttlMs` so relative times ("5 minutes ago") stay roughly true.
 * A render that overlapped an invalidation is not stored, so a stale page cannot outlive a write.
 *
 * When the budget is full, a new entry is kept only if it was asked for more often than the least
 * asked-for of the oldest few it would push out (frequency-based admission, as TinyLFU does):
 * keys are partly the reader's to choose (a thread JSON cursor, an embed's colours), and a script
 * cycling through made-up ones must not push every reader's post page out to re-render. Such
 * renders are served, not kept; a page readers really want keeps asking and gets in. Counts are
 * halved every minute, so yesterday's popular page gives way.
 */
export class RenderedCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly inflight = new Map<string, Promise<CachedPage | undefined>>();
  /** Bumped on every invalidation; a render that saw it change is served but not kept. */
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
    /** Memory the kept pages may take, in bytes (each counted with its copies, `entryBytes`); the oldest go first. */
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  private bytes = 0;
  /**
   * How often keys not kept were asked for: misses, and what a dropped entry had earned (a popular
   * page a new comment made stale comes back at once). The oldest forgotten past MAX_COUNTED_MISSES.
   */
  private readonly misses = new Map<string, number>();
  private agedAt = 0;

  /** How long a rendered page may be kept, for renderers to stamp `expiresAt`. */
  get ttl(): number {
    return this.ttlMs;
  }

  async get(slug: string, render: () => Promise<CachedPage | undefined>): Promise<CachedPage | undefined> {
    const hit = this.pages.get(slug);
    if (hit && hit.expiresAt > this.now()) return this.counted(hit);
    const running = this.inflight.get(slug);
    if (running) return running;
    const started = this.generation;
    const p = render()
      .then((page) => {
        if (page && this.generation === started) this.keep(slug, page);
        return page;
      })
      .finally(() => {
        if (this.inflight.get(slug) === p) this.inflight.delete(slug);
      });
    this.inflight.set(slug, p);
    return p;
  }

  /** The cached page for a slug, if any (for tests and diagnostics). */
  peek(slug: string): CachedPage | undefined {
    return this.pages.get(slug);
  }

  /** The cached page for a slug, counted as a request it answers (the fast paths serve with this). */
  use(slug: string): CachedPage | undefined {
    const hit = this.pages.get(slug);
    return hit ? this.counted(hit) : undefined;
  }

  private counted(page: CachedPage): CachedPage {
    page.hits = (page.hits ?? 0) + 1;
    return page;
  }

  private keep(slug: string, page: CachedPage): void {
    this.age();
    const before = this.pages.get(slug);
    const size = entryBytes(page);
    // A key already kept (rendered again after expiring) stays, with what it has earned.
    if (!before) {
      const asked = (this.misses.get(slug) ?? 0) + 1;
      const victims = this.victimsFor(size - (this.maxBytes - this.bytes), slug);
      if (victims.some((v) => (v.hits ?? 0) >= asked)) return this.count(slug, asked);
      this.misses.delete(slug);
      page.hits = asked - 1;
    } else {
      page.hits = before.hits ?? 0;
    }
    this.drop(slug);
    this.misses.delete(slug);
    this.pages.set(slug, page);
    this.bytes += size;
    while (this.bytes > this.maxBytes) {
      const [victim] = this.victimsFor(this.bytes - this.maxBytes, slug, 1);
      if (!victim) break;
      this.drop(victim.slug);
    }
  }

  /**
   * The entries to push out to free `needed` bytes: from the oldest few, the least asked-for first
   * (an expired one counts nothing). Empty when nothing need go.
   */
  private victimsFor(needed: number, except: string, most = Infinity): Array<{ slug: string; hits: number; bytes: number }> {
    if (needed <= 0) return [];
    const now = this.now();
    const sample: Array<{ slug: string; hits: number; bytes: number }> = [];
    for (const [slug, page] of this.pages) {
      if (slug === except) continue;
      sample.push({ slug, hits: page.expiresAt > now ? (page.hits ?? 0) : 0, bytes: entryBytes(page) });
      if (sample.length >= VICTIM_SAMPLE) break;
    }
    sample.sort((a, b) => a.hits - b.hits);
    const chosen: typeof sample = [];
    let freed = 0;
    for (const v of sample) {
      if (freed >= needed || chosen.length >= most) break;
      chosen.push(v);
      freed += v.bytes;
    }
    return chosen;
  }

  private age(): void {
    const now = this.now();
    if (now - this.agedAt < AGING_MS) return;
    this.agedAt = now;
    for (const page of this.pages.values()) page.hits = (page.hits ?? 0) >> 1;
    for (const [slug, asked] of this.misses) {
      if (asked > 1) this.misses.set(slug, asked >> 1);
      else this.misses.delete(slug);
    }
  }

  /** Drops pages that an event made stale (and every site-wide listing). */
  onEvent(event: DomainEvent): void {
    if (event.type === "site.changed" || event.type === "events.gap") this.clear();
    else if (event.type !== "views.counted") this.invalidateThread(event.threadId); // the view count is a slot filled per request
  }

  invalidateThread(threadId: number): void {
    this.generation++;
    this.inflight.clear();
    for (const [slug, page] of this.pages) if (page.threadId === threadId || page.threadId === SITE_WIDE) this.drop(slug);
  }

  clear(): void {
    this.generation++;
    this.inflight.clear();
    this.pages.clear();
    this.bytes = 0;
  }

  private drop(slug: string): void {
    const page = this.pages.get(slug);
    if (!page) return;
    this.pages.delete(slug);
    this.bytes -= entryBytes(page);
    if (page.hits) this.count(slug, page.hits);
  }

  private count(slug: string, asked: number): void {
    this.misses.delete(slug);
    if (this.misses.size >= MAX_COUNTED_MISSES) this.misses.delete(this.misses.keys().next().value as string);
    this.misses.set(slug, asked);
  }
}

/**
 * The entry's body with these slot values and the thread's scores; reused while they stay the same
 * (most requests). The scores are keyed by their version, not their hundreds of values.
 */
export function filledBody(entry: CachedPage, values: Readonly<Record<string, string>>, scores?: ScoreSlots, valuesKey = Object.values(values).join("|")): Buffer {
  const key = `${valuesKey}|${scores?.version ?? ""}`;
  if (entry.filled?.key !== key) entry.filled = { key, body: fillSlots(entry.page, values, scores ? (slot) => scores.values[slot] ?? scoreFallback(slot) : undefined) };
  return entry.filled.body;
}

/**
 * The entry's body as gzip with these slot values and scores, or undefined while that is not ready
 * (the caller answers uncompressed meanwhile). The page is compressed on the thread pool once, cut at
 * the request's slots (gzip-stretches.ts), so a request costs what an uncompressed one does and
 * sends a tenth of the bytes; when votes change its scores, it is compressed again at most once a
 * second, and until then readers who accept gzip get the fresh page uncompressed.
 */
/**
 * What a reader gets, from the fast paths: the body compressed when their Accept-Encoding takes gzip
 * and the compressed copy is ready, uncompressed otherwise.
 */
export function bodyFor(entry: CachedPage, values: Readonly<Record<string, string>>, scores: ScoreSlots | undefined, acceptEncoding: string | undefined, now: number): { body: Buffer; gzip: boolean } {
  const valuesKey = Object.values(values).join("|");
  const gzip = acceptsGzip(acceptEncoding) ? gzippedBody(entry, values, scores, now, valuesKey) : undefined;
  return gzip ? { body: gzip, gzip: true } : { body: filledBody(entry, values, scores, valuesKey), gzip: false };
}

function gzippedBody(entry: CachedPage, values: Readonly<Record<string, string>>, scores: ScoreSlots | undefined, now: number, valuesKey = Object.values(values).join("|")): Buffer | undefined {
  const open = Object.keys(values);
  const key = `${open.join("|")}|${scores?.version ?? ""}`;
  const gz = entry.gzip;
  if (gz?.key !== key) {
    if (!gz || (gz.stretches && now - gz.startedAt >= RECOMPRESS_MS)) compress(entry, key, open, scores, now);
    return undefined;
  }
  if (!gz.stretches || !gz.open) return undefined;
  if (gz.filled?.key !== valuesKey) gz.filled = { key: valuesKey, body: gzipOf(gz.stretches, gz.open.map((name) => Buffer.from(values[name] ?? "", "utf8"))) };
  return gz.filled.body;
}

function compress(entry: CachedPage, key: string, open: readonly string[], scores: ScoreSlots | undefined, now: number): void {
  const cut = fillAllBut(entry.page, new Set(open), (slot) => scores?.values[slot], scores ? scoreFallback : () => "");
  const state: GzipState = { key, startedAt: now };
  entry.gzip = state;
  Promise.all(cut.stretches.map(deflateStretch)).then(
    (stretches) => {
      state.stretches = stretches;
      state.open = cut.open;
    },
    () => {
      // Left uncompressed: the page is still served, as it was before gzip.
    },
  );
}
