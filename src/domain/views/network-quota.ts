import { ReaderSet } from "./reader-set.js";

/**
 * How many distinct readers one network (an IPv4 address, an IPv6 /64) may stand for in a day on
 * one thing (a thread's views, its guest votes). Without cookies a guest is their address and user
 * agent, and a loop that changes its user agent would be a new reader each time; past the quota,
 * a network's new readers do not count. Keys are 13-hex-digit hashes (readerHash); in memory, per
 * node, emptied each day with the salt.
 */
export class NetworkQuota {
  private members = new ReaderSet();
  private networks = new ReaderSet();
  /** Readers so far of the networks that have more than one. */
  private counts = new Map<string, number>();

  constructor(private readonly perNetwork: number) {}

  /** Whether `member` counts for `network` (a key of the network and the thing it is counted on). */
  admit(network: string, member: string): boolean {
    if (this.members.has(member)) return true;
    if (!this.admitNew(network)) return false;
    this.members.add(member);
    return true;
  }

  /** Whether one more reader, known to be new, counts for `network`. */
  admitNew(network: string): boolean {
    if (this.networks.add(network)) return true; // the network's first
    const counted = (this.counts.get(network) ?? 1) + 1;
    if (counted > this.perNetwork) return false;
    this.counts.set(network, counted);
    return true;
  }
}
