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

/**
 * Counts one view per reader per thread per day. Recording is synchronous and in memory (it sits on
 * the hottest path); `flush` writes the batch in one transaction. A crash loses at most the views
 * recorded since the last flush.
 */
export class ViewCounter {
  private day = "";
  private salt = "";
  private seen = new ReaderSet();
  private newReaders: string[] = [];
  private pending = new Map<number, number>();
  /** Last known stored total per thread plus everything counted here since. */
  private totals = new Map<number, number>();
  private flushing: Promise<void> | undefined;

  constructor(private readonly deps: ViewCounterDeps) {}

  /** Loads today's salt and the readers already counted today. */
  async start(): Promise<void> {
    await this.rotate(viewDay(this.deps.clock.now()));
  }

  /** Counts a view if this reader has not been counted on this thread today. Returns whether it counted. */
  record(threadId: number, ip: string, userAgent: string): boolean {
    if (isBotAgent(userAgent)) return false;
    const day = viewDay(this.deps.clock.now());
    // A new day starts with a fresh local salt; the flush reconciles it with the store.
    if (day !== this.day) this.switchDay(day, this.deps.random.token(32), []);
    const reader = readerHash(this.deps.hasher, this.salt, ip, userAgent, threadId);
    if (!this.seen.add(reader)) return false;
    this.newReaders.push(reader);
    this.pending.set(threadId, (this.pending.get(threadId) ?? 0) + 1);
    const total = this.totals.get(threadId);
    if (total !== undefined) this.totals.set(threadId, total + 1);
    return true;
  }

  /** Tells the counter the stored total of a thread (as just read from storage). */
  observe(threadId: number, storedTotal: number): void {
    this.totals.set(threadId, storedTotal + (this.pending.get(threadId) ?? 0));
  }

  /** The total to show: stored plus not-yet-flushed views. */
  totalFor(threadId: number, storedTotal: number): number {
    return this.totals.get(threadId) ?? storedTotal + (this.pending.get(threadId) ?? 0);
  }

  /** Writes pending views. Concurrent calls share one write; a failed write keeps the views pending. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.writePending().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    const today = viewDay(this.deps.clock.now());
    if (today !== this.day) this.switchDay(today, this.deps.random.token(32), []);
    const localSalt = this.salt;
    const stored = await this.deps.store.getOrCreateSalt(this.day, localSalt);
    if (stored !== localSalt && this.day === today) this.salt = stored;
    if (this.pending.size === 0) return;
    const batch = { day: this.day, readers: this.newReaders, counts: this.pending };
    this.newReaders = [];
    this.pending = new Map();
    try {
      await this.deps.store.applyViews(batch);
    } catch (err) {
      for (const [threadId, n] of batch.counts) this.pending.set(threadId, (this.pending.get(threadId) ?? 0) + n);
      this.newReaders.push(...batch.readers);
      throw err;
    }
  }

  private async rotate(day: string): Promise<void> {
    const salt = await this.deps.store.getOrCreateSalt(day, this.deps.random.token(32));
    this.switchDay(day, salt, await this.deps.store.listReaders(day));
  }

  private switchDay(day: string, salt: string, readers: string[]): void {
    this.day = day;
    this.salt = salt;
    this.seen = new ReaderSet(readers.length * 2);
    for (const r of readers) this.seen.add(r);
  }
}
