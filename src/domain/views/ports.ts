/** A batch of views to write in one transaction. */
export interface ViewBatch {
  readonly day: string;
  /** New views per thread. */
  readonly counts: ReadonlyMap<number, number>;
  /** Readers new to the whole site this day (a reader of three posts counts once here). */
  readonly siteReaders: number;
  /** Views per referring host (host only; our own host is left out). */
  readonly referrers: ReadonlyMap<string, number>;
  /** The same two per site: readers new to the site this day, and views per referring host. */
  readonly sites: ReadonlyMap<number, { readonly readers: number; readonly referrers: ReadonlyMap<string, number> }>;
}

export interface ViewStore {
  /** The salt for `day`: the stored one, or `candidate` if none was stored yet. Older salts are deleted. */
  getOrCreateSalt(day: string, candidate: string): Promise<string>;
  /** Reader hashes already counted on `day` (saved at the last clean shutdown), read in chunks: there may be millions. */
  listReaders(day: string): AsyncIterable<string>;
  /** Keeps the day's reader hashes across a restart; forgets those of earlier days. */
  saveReaders(day: string, readers: Iterable<string>): Promise<void>;
  /** Adds the batch's counts to threads and per-day tallies. */
  applyViews(batch: ViewBatch): Promise<void>;
}

/**
 * Who has been counted today by any node, for deployments of several nodes (PostgreSQL table or
 * Redis set). Without it, the process's own memory is the whole truth (one node on SQLite).
 */
export interface SharedReaders {
  /** The salt every node uses for `day`: the one already shared, or `candidate` if none was yet. */
  salt(day: string, candidate: string): Promise<string>;
  /** Marks readers (13-hex-digit keys) as counted on `day`; returns those no node had counted before. */
  claim(day: string, readers: readonly string[]): Promise<Set<string>>;
}
