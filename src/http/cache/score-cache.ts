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
 * lookup instead of a query. A vote on this node is applied to its thread's values in place (the
 * store answered with the comment's new tallies), so votes do not send page views to the
 * database; another node's vote shows within the two seconds.
 */
/** A thread's score slot values; `version` changes whenever any value does (a cheap key for a filled page). */
export interface ScoreSlots {
  readonly version: number;
  readonly values: Readonly<Record<string, string>>;
}

const NO_SCORES: ScoreSlots = { version: 0, values: {} };

export class ScoreCache {
  private readonly threads = new Map<number, { at: number; mode: VoteMode; version: number; values: Record<string, string> }>();
  private version = 0;

  constructor(
    private readonly votes: Pick<VoteStore, "scoresOf">,
    private readonly now: () => number,
    private readonly ttlMs = 2000,
  ) {}

  async slotValues(threadId: number, mode: VoteMode): Promise<ScoreSlots> {
    if (mode === "none") return NO_SCORES;
    const hit = this.threads.get(threadId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit;
    const values: Record<string, string> = {};
    for (const [id, s] of await this.votes.scoresOf(threadId)) values[scoreSlotName(id)] = scoreText(mode, s);
    if (this.threads.size > 10_000) this.threads.clear();
    const entry = { at: this.now(), mode, version: ++this.version, values };
    this.threads.set(threadId, entry);
    return entry;
  }

  /** Fresh values without waiting (the fast path cannot); undefined when they must be read again. */
  peek(threadId: number): ScoreSlots | undefined {
    const hit = this.threads.get(threadId);
    return hit && this.now() - hit.at < this.ttlMs ? hit : undefined;
  }

  /**
   * A vote on this node: the comment's tallies as the vote left them, written into the values in
   * place (every page fills its slots from them synchronously, so none sees half a change); the
   * entry keeps its age, so other nodes' votes still show within the TTL.
   */
  applyVote(threadId: number, commentId: number, tallies: { up: number; down: number }): void {
    const hit = this.threads.get(threadId);
    if (!hit) return;
    hit.values[scoreSlotName(commentId)] = scoreText(hit.mode, tallies);
    hit.version = ++this.version;
  }
}

/** A score slot without a value is a comment nobody voted on. */
export const scoreFallback = (slot: string): string => (slot.charCodeAt(0) === 118 /* v */ && /^v\d+$/.test(slot) ? "0" : "");

export { NO_SCORES };
