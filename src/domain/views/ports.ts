/** A batch of views to write in one transaction. */
export interface ViewBatch {
  readonly day: string;
  /** Reader hashes first seen in this batch (kept for de-duplication after a restart). */
  readonly readers: readonly string[];
  /** New views per thread. */
  readonly counts: ReadonlyMap<number, number>;
  /** Readers new to the whole site this day (a reader of three posts counts once here). */
  readonly siteReaders: number;
  /** Views per referring host (host only; our own host is left out). */
  readonly referrers: ReadonlyMap<string, number>;
}

export interface ViewStore {
  /** The salt for `day`: the stored one, or `candidate` if none was stored yet. Older salts are deleted. */
  getOrCreateSalt(day: string, candidate: string): Promise<string>;
  /** Reader hashes already counted on `day`. */
  listReaders(day: string): Promise<string[]>;
  /** Adds the batch's counts to threads and per-day tallies; forgets readers of earlier days. */
  applyViews(batch: ViewBatch): Promise<void>;
}
