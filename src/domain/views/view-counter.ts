import type { Clock, Hasher, Random } from "../shared/deps.js";
import type { Events } from "../shared/events.js";
import type { SharedReaders, ViewStore } from "./ports.js";
import { isBotAgent, readerHash, viewDay } from "./reader-identity.js";
import { ReaderSet } from "./reader-set.js";
import { NetworkQuota } from "./network-quota.js";
import { networkOf } from "../moderation/network.js";

export interface ViewCounterDeps {
  readonly store: ViewStore;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly random: Random;
  /** Several nodes: who was counted anywhere today, and the salt they all use. */
  readonly shared?: SharedReaders | undefined;
  /** With several nodes: told what was written, so other nodes show it before re-reading storage. */
  readonly events?: Events | undefined;
  /**
   * The most readers one network (an IPv4 address, an IPv6 /64) counts on one thread in a day (50
   * unless told), in views and in guest voters: a loop changing its user agent counted a view (and
   * a vote) each time. A household, an office or a carrier's shared address stays well under it.
   * Per node, with several nodes.
   */
  readonly readersPerNetwork?: number | undefined;
}

/** A view counted here, still to be checked against the other nodes' readers. */
interface Candidate {
  readonly threadId: number;
  readonly reader: string;
  /** Set when the reader is new to the whole installation as far as this node knows. */
  readonly siteReader: string | undefined;
  readonly siteId: number;
  /** Set when the reader is new to the thread's site as far as this node knows. */
  readonly ofSite: string | undefined;
  readonly referrerHost: string | undefined;
}

/** One view as a batch counts it: its thread and site, whether its reader is new to the installation and to the site, and where it came from. */
interface CountedView {
  readonly threadId: number;
  readonly siteId: number;
  readonly newToSite: boolean;
  readonly newToThisSite: boolean;
  readonly referrerHost: string | undefined;
}

/** Views recorded for one day and not yet written. */
interface PendingBatch {
  readonly day: string;
  readonly counts: Map<number, number>;
  siteReaders: number;
  readonly referrers: Map<string, number>;
  readonly sites: Map<number, { readers: number; referrers: Map<string, number> }>;
  /** With shared readers: the views to check before writing (emptied once checked). */
  candidates: Candidate[];
}

const emptyBatch = (day: string): PendingBatch => ({ day, counts: new Map(), siteReaders: 0, referrers: new Map(), sites: new Map(), candidates: [] });

/**
 * Counts one view per reader per thread per day. Recording is synchronous and in memory (it sits on
 * the hottest path); `flush` writes each day's counts in one go, and views recorded before midnight
 * go to their own day. A crash loses at most the views since the last flush. The day's readers are
 * saved at a clean shutdown (`close`) so a restart does not count them again; after a crash, a
 * reader of that day may be counted once more.
 *
 * With several nodes (`shared`), each node counts at once as above, and at flush asks the shared
 * record which of its new readers no other node counted today; the rest are taken back before the
 * batch is written. A node's restart then forgets nothing, since the shared record keeps the day.
 */
export class ViewCounter {
  private day = "";
  private salt = "";
  private seen = new ReaderSet();
  /** Readers per network and thread today: of its views, and of its guests' votes. */
  private viewers: NetworkQuota;
  private guestVoters: NetworkQuota;
  private current: PendingBatch = emptyBatch("");
  /** Batches of earlier days, waiting for the next flush. */
  private closed: PendingBatch[] = [];
  /** Last known stored total per thread plus everything counted here since. */
  private totals = new Map<number, number>();
  private flushing: Promise<void> | undefined;
  /** Views counted by this process since it started (for metrics). */
  counted = 0;

  constructor(private readonly deps: ViewCounterDeps) {
    [this.viewers, this.guestVoters] = this.freshQuotas();
  }

  /** The day's quotas, empty: of views, and of guest voters (per network and thread). */
  private freshQuotas(): [NetworkQuota, NetworkQuota] {
    const perNetwork = this.deps.readersPerNetwork ?? 50;
    return [new NetworkQuota(perNetwork), new NetworkQuota(perNetwork)];
  }

  /** Loads today's salt and the readers already counted today. */
  async start(): Promise<void> {
    await this.rotate(viewDay(this.deps.clock.now()));
  }

  /**
   * Counts a view if this reader has not been counted on this thread today. Returns whether it
   * counted. `referrerHost` is the host of the page the reader came from, if another site.
   */
  /** The reader's private hash of the day for this thread (a guest's key for one vote per comment). */
  readerKey(threadId: number, ip: string, userAgent: string): string {
    const day = viewDay(this.deps.clock.now());
    if (day !== this.day) this.switchDay(day, this.deps.random.token(32));
    return readerHash(this.deps.hasher, this.salt, ip, userAgent, threadId);
  }

  /** `siteId` is the thread's site: its distinct readers and referrers are counted too. */
  record(threadId: number, siteId: number, ip: string, userAgent: string, referrerHost?: string): boolean {
    if (isBotAgent(userAgent)) return false;
    const day = viewDay(this.deps.clock.now());
    // A new day starts with a fresh local salt; the flush reconciles it with the store.
    if (day !== this.day) this.switchDay(day, this.deps.random.token(32));
    const reader = readerHash(this.deps.hasher, this.salt, ip, userAgent, threadId);
    if (!this.seen.add(reader)) return false;
    if (!this.viewers.admitNew(this.networkKey(threadId, ip))) return false;
    // Thread 0 stands for the whole installation, -siteId for one site (thread ids are positive):
    // the same reader on several posts is one reader of each.
    const siteReader = readerHash(this.deps.hasher, this.salt, ip, userAgent, 0);
    const newToSite = this.seen.add(siteReader);
    const ofSite = readerHash(this.deps.hasher, this.salt, ip, userAgent, -siteId);
    const newToThisSite = this.seen.add(ofSite);
    this.count(this.current, { threadId, siteId, newToSite, newToThisSite, referrerHost }, 1);
    if (this.deps.shared) this.current.candidates.push({ threadId, reader, siteReader: newToSite ? siteReader : undefined, siteId, ofSite: newToThisSite ? ofSite : undefined, referrerHost });
    return true;
  }

  /** The network's key of the day for this thread: the reader hash of the network, with no agent. */
  private networkKey(threadId: number, ip: string): string {
    return readerHash(this.deps.hasher, this.salt, networkOf(ip), "\u0001network", threadId);
  }

  /**
   * A guest's key to vote with on this thread today (their reader key), or undefined once their
   * network's 50 guests have voted on it today: changing the user agent is not another voter.
   */
  guestVoterKey(threadId: number, ip: string, userAgent: string): string | undefined {
    const key = this.readerKey(threadId, ip, userAgent);
    return this.guestVoters.admit(this.networkKey(threadId, ip), key) ? key : undefined;
  }

  /** Adds (or, with -1, takes back) one view in a batch and the shown total. */
  private count(batch: PendingBatch, view: CountedView, n: 1 | -1): void {
    const { threadId, siteId, newToSite, newToThisSite, referrerHost } = view;
    this.counted += n;
    batch.counts.set(threadId, (batch.counts.get(threadId) ?? 0) + n);
    if (newToSite) batch.siteReaders += n;
    if (referrerHost) batch.referrers.set(referrerHost, (batch.referrers.get(referrerHost) ?? 0) + n);
    if (newToThisSite || referrerHost) {
      let site = batch.sites.get(siteId);
      if (!site) batch.sites.set(siteId, (site = { readers: 0, referrers: new Map() }));
      if (newToThisSite) site.readers += n;
      if (referrerHost) site.referrers.set(referrerHost, (site.referrers.get(referrerHost) ?? 0) + n);
    }
    const total = this.totals.get(threadId);
    if (total !== undefined) this.totals.set(threadId, total + n);
  }

  /** Views another node has written since this node last read the thread: shown at once. */
  absorb(counts: ReadonlyArray<readonly [threadId: number, views: number]>): void {
    for (const [threadId, n] of counts) {
      const total = this.totals.get(threadId);
      if (total !== undefined) this.totals.set(threadId, total + n);
    }
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
    // The shared record already holds every reader this node counted.
    if (this.day && !this.deps.shared) await this.deps.store.saveReaders(this.day, this.seen.keys());
  }

  private unwritten(threadId: number): number {
    let n = this.current.counts.get(threadId) ?? 0;
    for (const b of this.closed) n += b.counts.get(threadId) ?? 0;
    return n;
  }

  private async writePending(): Promise<void> {
    const today = viewDay(this.deps.clock.now());
    if (today !== this.day) this.switchDay(today, this.deps.random.token(32));
    const localSalt = this.salt;
    const stored = await this.sharedSalt(this.day, localSalt);
    if (stored !== localSalt && this.day === today) this.salt = stored;
    if (this.current.counts.size > 0) {
      this.closed.push(this.current);
      this.current = emptyBatch(this.day);
    }
    while (this.closed.length > 0) {
      const batch = this.closed[0] as PendingBatch;
      // On failure the batch stays first in line for the next flush; a checked batch is not checked again.
      if (batch.candidates.length > 0) await this.takeBackCountedElsewhere(batch);
      await this.deps.store.applyViews(batch);
      this.closed.shift();
      const counts = [...batch.counts].filter(([, n]) => n > 0);
      if (this.deps.shared && counts.length > 0) this.deps.events?.publish({ type: "views.counted", counts });
    }
  }

  /** Asks the shared record which readers are new to every node; views of the others are taken back. */
  private async takeBackCountedElsewhere(batch: PendingBatch): Promise<void> {
    const shared = this.deps.shared as SharedReaders;
    const keys: string[] = [];
    for (const c of batch.candidates) {
      keys.push(c.reader);
      if (c.siteReader) keys.push(c.siteReader);
      if (c.ofSite) keys.push(c.ofSite);
    }
    const fresh = await shared.claim(batch.day, keys);
    for (const c of batch.candidates) {
      if (!fresh.has(c.reader)) this.count(batch, { threadId: c.threadId, siteId: c.siteId, newToSite: false, newToThisSite: false, referrerHost: c.referrerHost }, -1);
      if (c.siteReader && !fresh.has(c.siteReader)) batch.siteReaders--;
      const site = batch.sites.get(c.siteId);
      if (c.ofSite && !fresh.has(c.ofSite) && site) site.readers--;
    }
    batch.candidates = [];
  }

  private sharedSalt(day: string, candidate: string): Promise<string> {
    return this.deps.shared ? this.deps.shared.salt(day, candidate) : this.deps.store.getOrCreateSalt(day, candidate);
  }

  private async rotate(day: string): Promise<void> {
    const salt = await this.sharedSalt(day, this.deps.random.token(32));
    this.switchDay(day, salt);
    if (!this.deps.shared) for await (const r of this.deps.store.listReaders(day)) this.seen.add(r);
  }

  private switchDay(day: string, salt: string): void {
    if (this.current.counts.size > 0) this.closed.push(this.current);
    this.current = emptyBatch(day);
    this.day = day;
    this.salt = salt;
    this.seen = new ReaderSet();
    [this.viewers, this.guestVoters] = this.freshQuotas();
  }
}
