import type { VoteStore } from "../../domain/votes/vote.js";
import type { VoteMode } from "../../domain/sites/site.js";

/** The slot of a comment's score in a cached page (views/comment-item.tsx writes it). */
export const scoreSlotName = (commentId: number) => `v${commentId}`;

/** A score as shown: up minus down with up and down votes, the number of likes with likes. */
export function scoreText(mode: VoteMode, s: { up: number; down: number } | undefined): string {
  if (!s) return "0";
  return String(mode === "like" ? s.up : s.up - s.down);
}

/**
 * Comment scores for the post page's slots, per thread, kept two seconds: a vote never drops the
 * rendered page (it is not a thread change), and under a vote load a page view costs one map
 * lookup instead of a query. A vote on this node forgets its thread at once; another node's vote
 * shows within the two seconds.
 */
export class ScoreCache {
  private readonly threads = new Map<number, { at: number; values: Record<string, string> }>();

  constructor(
    private readonly votes: Pick<VoteStore, "scoresOf">,
    private readonly now: () => number,
    private readonly ttlMs = 2000,
  ) {}

  async slotValues(threadId: number, mode: VoteMode): Promise<Record<string, string>> {
    if (mode === "none") return {};
    const hit = this.threads.get(threadId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.values;
    const values: Record<string, string> = {};
    for (const [id, s] of await this.votes.scoresOf(threadId)) values[scoreSlotName(id)] = scoreText(mode, s);
    if (this.threads.size > 10_000) this.threads.clear();
    this.threads.set(threadId, { at: this.now(), values });
    return values;
  }

  /** Fresh values without waiting (the fast path cannot); undefined when they must be read again. */
  peek(threadId: number): Record<string, string> | undefined {
    const hit = this.threads.get(threadId);
    return hit && this.now() - hit.at < this.ttlMs ? hit.values : undefined;
  }

  forget(threadId: number): void {
    this.threads.delete(threadId);
  }
}

/** A score slot without a value is a comment nobody voted on. */
export const scoreFallback = (slot: string): string => (/^v\d+$/.test(slot) ? "0" : "");
