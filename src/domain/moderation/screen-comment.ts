import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { ThreadMode } from "../threads/thread.js";
import type { AuthorRef } from "./author.js";
import { SCREENING_PHASES } from "./phases/index.js";
import type { ModerationStore } from "./ports.js";
import { screen, type ScreeningOutcome } from "./screening.js";
import type { ModerationSettings } from "./settings.js";
import { spamProbability, tokenize } from "./spam-model.js";

export interface ScreenCommentDeps {
  readonly moderation: Pick<ModerationStore, "screeningFacts">;
  readonly clock: Clock;
}

export interface ScreenCommentInput {
  readonly body: string;
  /** Hosts the body links to, from the same parse that rendered it. */
  readonly linkHosts: readonly string[];
  readonly honeypot: string;
  readonly threadMode: ThreadMode;
  /** The post itself is set to hold every comment (see phases/premoderation.ts). */
  readonly heldByPost: boolean;
  readonly author: AuthorRef;
  /** The writer's network hash (for network bans), also when they are signed in. */
  readonly networkHash: string;
  readonly emailDomain: string | null;
  readonly authorIsStaff: boolean;
  readonly settings: ModerationSettings;
  /** The site written on: its own bans count, with those of every site. */
  readonly siteId: number;
  /** The body's fingerprint hash (null when nothing is left after folding). */
  readonly fingerprint: string | null;
  /** When screening an edit: the comment itself, which must not count as its own duplicate. */
  readonly exceptCommentId?: number | undefined;
}

/**
 * Gathers what the phases need (history, bans, recent text, the spam model's counts) and runs
 * them. A refusal is thrown as a DomainError naming the field; anything else is returned to store.
 */
export async function screenComment(deps: ScreenCommentDeps, input: ScreenCommentInput): Promise<ScreeningOutcome> {
  const now = deps.clock.now();
  const linkHosts = input.linkHosts;
  const tokens = tokenize(input.body, linkHosts);
  const userId = "userId" in input.author ? input.author.userId : undefined;
  const { history, bans, copies, model } = await deps.moderation.screeningFacts({
    author: input.author,
    exceptId: input.exceptCommentId,
    banTargets: { siteId: input.siteId, userId, networkHash: input.networkHash, emailDomain: input.emailDomain },
    now,
    copies:
      input.settings.duplicateWindowMinutes > 0 && input.fingerprint !== null
        ? { fingerprint: input.fingerprint, since: now - input.settings.duplicateWindowMinutes * 60_000 }
        : undefined,
    tokens: input.authorIsStaff ? undefined : tokens,
  });
  const outcome = screen(SCREENING_PHASES, {
    body: input.body,
    honeypot: input.honeypot,
    linkHosts,
    threadMode: input.threadMode,
    heldByPost: input.heldByPost,
    authorIsStaff: input.authorIsStaff,
    history,
    bans,
    copies,
    spamProbability: model ? spamProbability(tokens, model.counts, model.totals) : null,
    settings: input.settings,
    now,
  });
  if (outcome.refusal) {
    const err = new DomainError(outcome.refusal.code, outcome.refusal.message, outcome.refusal.field);
    throw outcome.refusal.text ? err.as(outcome.refusal.text.key, outcome.refusal.text.params) : err;
  }
  return outcome;
}
