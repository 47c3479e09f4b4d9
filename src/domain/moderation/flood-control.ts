import type { Clock } from "../shared/deps.js";
import { DomainError, type ReaderText } from "../shared/errors.js";

/**
 * Counts events in fixed windows, atomically: two requests at once can never both see the last
 * free slot (no read-then-insert). In memory for one process; a shared table or Redis for many.
 */
export interface RateCounter {
  /** Adds one event under `key` to the window containing `now`; returns the count including it. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

/** What a reader can flood: the writes, and the reads that cost us most (search) or make a row (a new embedded page). */
export type FloodAction = "comment" | "report" | "login" | "mail" | "vote" | "page" | "search";

export interface FloodLimits {
  /** Comment posts, edits and removals per network and per account, per minute. */
  readonly commentWritesPerMinute: number;
  /** Reports per network and per account, per hour. */
  readonly reportsPerHour: number;
  /** Sign-in and password-change attempts per network, per minute. */
  readonly loginAttemptsPerMinute: number;
  /** Sign-in attempts at one account from anywhere, per 15 minutes, before it is slowed. */
  readonly loginAttemptsPerAccount: number;
  /** Sign-up, reset and verification requests per network, per hour. */
  readonly mailRequestsPerHour: number;
  /** Votes per network and per account, per minute. */
  readonly votesPerMinute: number;
  /** Embedded pages seen for the first time (each opens a discussion) per network, per hour. */
  readonly newPagesPerHour: number;
  /** Searches per network, per minute: a query over every post and comment is our dearest read. */
  readonly searchesPerMinute: number;
}

/** An account past its attempts is let try once in this long: slowed, never locked. */
export const TARGETED_SLOT_MS = 30_000;
const TARGETED_WINDOW_MS = 15 * 60_000;

/**
 * Counts a sign-in attempt at one account, whichever network it comes from (password spraying
 * comes from many). Past the limit the account takes one attempt per 30 seconds — every other is
 * answered "try again in N seconds" — so a spray slows to a crawl while the owner, told to wait a
 * moment, still gets in. The counters are the shared ones: the limit holds across nodes.
 */
export async function slowTargetedAttempts(deps: { rateCounter: RateCounter; clock: Clock; floodLimits: FloodLimits }, target: string): Promise<void> {
  const now = deps.clock.now();
  const { count } = await deps.rateCounter.hit(`login:target:${target}`, TARGETED_WINDOW_MS, now);
  if (count <= deps.floodLimits.loginAttemptsPerAccount) return;
  const slot = await deps.rateCounter.hit(`login:slot:${target}`, TARGETED_SLOT_MS, now);
  if (slot.count > 1) throw new FloodError("account", slot.resetAt, now);
}

const WINDOW: Record<FloodAction, number> = { comment: 60_000, report: 3_600_000, login: 60_000, mail: 3_600_000, vote: 60_000, page: 3_600_000, search: 60_000 };

function limitFor(action: FloodAction, limits: FloodLimits): number {
  if (action === "comment") return limits.commentWritesPerMinute;
  if (action === "report") return limits.reportsPerHour;
  if (action === "mail") return limits.mailRequestsPerHour;
  if (action === "vote") return limits.votesPerMinute;
  if (action === "page") return limits.newPagesPerHour;
  if (action === "search") return limits.searchesPerMinute;
  return limits.loginAttemptsPerMinute;
}

/**
 * Counts one attempt against the client's network (IPv6 /64 as one) and, when signed in, its
 * account; throws "rate_limited" with the seconds to wait once either is over its limit.
 */
export async function checkFlood(
  deps: { rateCounter: RateCounter; clock: Clock; floodLimits: FloodLimits },
  action: FloodAction,
  who: { networkHash: string; userId?: number | undefined },
): Promise<void> {
  const now = deps.clock.now();
  const windowMs = WINDOW[action];
  const limit = limitFor(action, deps.floodLimits);
  const keys = [`${action}:net:${who.networkHash}`];
  if (who.userId !== undefined) keys.push(`${action}:user:${who.userId}`);
  for (const [i, key] of keys.entries()) {
    const { count, resetAt } = await deps.rateCounter.hit(key, windowMs, now);
    if (count > limit) throw new FloodError(i === 0 ? "network" : "account", resetAt, now);
  }
}

/** What a writer over the limit is told: the seconds until the window ends, in words and as a reader text. */
export function tooManyAttempts(resetAt: number, now: number): { wait: number; message: string; text: ReaderText } {
  const wait = Math.max(1, Math.ceil((resetAt - now) / 1000));
  return { wait, message: `Too many attempts. Try again in ${wait} second${wait === 1 ? "" : "s"}.`, text: { key: "rateLimited", params: { seconds: wait } } };
}

/** Over the limit: says whether the network or the account tripped it, and when the window ends. */
export class FloodError extends DomainError {
  constructor(
    readonly scope: "network" | "account",
    readonly resetAt: number,
    now: number,
  ) {
    const told = tooManyAttempts(resetAt, now);
    super("rate_limited", told.message, undefined, told.wait);
    this.text = told.text;
  }
}
