import type { Clock, Hasher, Random } from "../shared/deps.js";
import type { ViewStore } from "./ports.js";
import { isBotAgent, readerHash, viewDay } from "./reader-identity.js";
import { ReaderSet } from "./reader-set.js";

export interface ViewCounterDeps {
  readonly store: ViewStore;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly random: Random;
}

/** Views recorded for one day and not yet written. */
interface PendingBatch {
  readonly day: string;
  readonly counts: Map<number, number>;
  siteReaders: number;
  readonly referrers: Map<string, number>;
}

const emptyBatch = (day: string): PendingBatch => ({ day, counts: new Map(), siteReaders: 0, referrers: new Map() });

/**
 * Counts one view per reader per thread per day. Recording is synchronous and in memory (it sits on
 * the hottest path); `flush` writes each day's counts in one go, and views recorded before midnight
 * go to their own day. A crash loses at most the views since the last flush. The day's readers are
 * saved at a clean shutdown (`close`) so a restart does not count them again; after a crash, a
 * reader of that day may be counted once more.
 */
export class ViewCounter {
  private day = "";
  private salt = "";
  private seen = new ReaderSet();
  private current: PendingBatch = emptyBatch("");
  /** Batches of earlier days, waiting for the next flush. */
  private closed: PendingBatch[] = [];
  /** Last known stored total per thread plus everything counted here since. */
  private totals = new Map<number, number>();
  private flushing: Promise<void> | undefined;
  /** Views counted by this process since it started (for metrics). */
  counted = 0;

  constructor(private readonly deps: ViewCounterDeps) {}

  /** Loads today's salt and the readers already counted today. */
  async start(): Promise<void> {
    await this.rotate(viewDay(this.deps.clock.now()));
  }

  /**
   * Counts a view if this reader has not been counted on this thread today. Returns whether it
   * counted. `referrerHost` is the host of the page the reader came from, if another site.
   */
  record(threadId: number, ip: string, userAgent: string, referrerHost?: string): boolean {
    if (isBotAgent(userAgent)) return false;
    const day = viewDay(this.deps.clock.now());
    // A new day starts with a fresh local salt; the flush reconciles it with the store.
    if (day !== this.day) this.switchDay(day, this.deps.random.token(32), []);
    const reader = readerHash(this.deps.hasher, this.salt, ip, userAgent, threadId);
    if (!this.seen.add(reader)) return false;
    this.counted++;
    const batch = this.current;
    batch.counts.set(threadId, (batch.counts.get(threadId) ?? 0) + 1);
    // Thread 0 stands for the whole site: the same reader on several posts is one site reader.
    const siteReader = readerHash(this.deps.hasher, this.salt, ip, userAgent, 0);
    if (this.seen.add(siteReader)) batch.siteReaders++;
    if (referrerHost) batch.referrers.set(referrerHost, (batch.referrers.get(referrerHost) ?? 0) + 1);
    const total = this.totals.get(threadId);
    if (total !== undefined) this.totals.set(threadId, total + 1);
    return true;
  }

  /** Tells the counter the stored total of a thread (as just read from storage). */
  observe(threadId: number, storedTotal: number): void {
    this.totals.set(threadId, storedTotal + this.unwritten(threadId));
  }

  /** The total to show: stored plus not-yet-flushed views. */
  totalFor(threadId: number, storedTotal: number): number {
    return this.totals.get(threadId) ?? storedTotal + this.unwritten(threadId);
  }

  /** Writes pending views. Concurrent calls share one write; a failed write keeps the views pending. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.writePending().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Flushes the counts and saves today's readers: call on a clean shutdown. */
  async close(): Promise<void> {
    await this.flush();
    if (this.day) await this.deps.store.saveReaders(this.day, this.seen.keys());
  }

  private unwritten(threadId: number): number {
    let n = this.current.counts.get(threadId) ?? 0;
    for (const b of this.closed) n += b.counts.get(threadId) ?? 0;
    return n;
  }

  private async writePending(): Promise<void> {
    const today = viewDay(this.deps.clock.now());
    if (today !== this.day) this.switchDay(today, this.deps.random.token(32), []);
    const localSalt = this.salt;
    const stored = await this.deps.store.getOrCreateSalt(this.day, localSalt);
    if (stored !== localSalt && this.day === today) this.salt = stored;
    if (this.current.counts.size > 0) {
      this.closed.push(this.current);
      this.current = emptyBatch(this.day);
    }
    while (this.closed.length > 0) {
      const batch = this.closed[0] as PendingBatch;
      // On failure the batch stays first in line for the next flush.
      await this.deps.store.applyViews(batch);
      this.closed.shift();
    }
  }

  private async rotate(day: string): Promise<void> {
    const salt = await this.deps.store.getOrCreateSalt(day, this.deps.random.token(32));
    this.switchDay(day, salt, await this.deps.store.listReaders(day));
  }

  private switchDay(day: string, salt: string, readers: string[]): void {
    if (this.current.counts.size > 0) this.closed.push(this.current);
    this.current = emptyBatch(day);
    this.day = day;
    this.salt = salt;
    this.seen = new ReaderSet(readers.length * 2);
    for (const r of readers) this.seen.add(r);
  }
}
