import type { ThreadMode } from "../threads/thread.js";
import type { Ban } from "./ban.js";
import type { ModerationSettings } from "./settings.js";
import type { Verdict } from "./verdict.js";

/** What the writer of a new comment has done here before. */
export interface AuthorHistory {
  /** Comments stored from this author (any status). */
  readonly total: number;
  /** Of which a moderator approved, or that were published and never rejected. */
  readonly approved: number;
  /** Of which filed as spam or removed by a moderator. */
  readonly rejected: number;
  /** When their first comment arrived, or null for someone new. */
  readonly firstSeenAt: number | null;
}

/** Everything the screening phases look at, gathered beforehand so every phase stays pure. */
export interface Screening {
  /** The normalised Markdown source. */
  readonly body: string;
  /** The honeypot form field: people never see it, so anything in it was typed by a bot. */
  readonly honeypot: string;
  /** Host of every link in the body, in order, repeats kept. */
  readonly linkHosts: readonly string[];
  /** The thread's effective mode (site ceiling and auto-close already applied). */
  readonly threadMode: ThreadMode;
  /** The post itself asks for every comment to be approved (not only the site's ceiling). */
  readonly heldByPost: boolean;
  /** Moderators, editors and admins are not pre-moderated or scored. */
  readonly authorIsStaff: boolean;
  readonly history: AuthorHistory;
  /** Bans in force that match this author (account, network or e-mail domain). */
  readonly bans: readonly Ban[];
  /** How many of the same author's comments within the duplicate window have the same folded text. */
  readonly copies: number;
  /** The local classifier's spam probability, or null while it has too little training. */
  readonly spamProbability: number | null;
  readonly settings: ModerationSettings;
  readonly now: number;
}

/** One step of screening: a name for moderators and a pure decision. */
export interface Phase {
  readonly name: string;
  /** Staff comments skip phases marked false (pre-moderation, scoring, heuristics). */
  readonly appliesToStaff: boolean;
  decide(s: Screening): Verdict;
}

/** The screening result stored with the comment. */
export interface ScreeningOutcome {
  readonly status: "published" | "pending" | "spam";
  /** Human-readable reasons, "phase: reason", in phase order. */
  readonly reasons: readonly string[];
  readonly spamProbability: number | null;
  /** Set when the writer must be told no and nothing stored. */
  readonly refusal?: Extract<Verdict, { action: "reject" }>["refusal"];
}

/** Runs the phases in order: the first rejection ends screening; holds collect their reasons. */
export function screen(phases: readonly Phase[], s: Screening): ScreeningOutcome {
  const reasons: string[] = [];
  let held = false;
  for (const phase of phases) {
    if (s.authorIsStaff && !phase.appliesToStaff) continue;
    const v = phase.decide(s);
    if (v.action === "accept") continue;
    reasons.push(`${phase.name}: ${v.reason}`);
    if (v.action === "reject") {
      return v.refusal
        ? { status: "spam", reasons, spamProbability: s.spamProbability, refusal: v.refusal }
        : { status: "spam", reasons, spamProbability: s.spamProbability };
    }
    held = true;
  }
  return { status: held ? "pending" : "published", reasons, spamProbability: s.spamProbability };
}
