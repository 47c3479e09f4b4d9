import type { ThreadMode } from "../threads/thread.js";
import { parseWatchWords, type WatchWord } from "./watch-words.js";

/** What a profanity match does: hold it for a moderator, reject it as spam, or nothing. */
export type ProfanityAction = "hold" | "reject" | "off";

/** A site's moderation settings. Stored as one JSON document per site; missing keys take defaults. */
export interface ModerationSettings {
  /** Ceiling for every thread of the site: the stricter of this and a post's own mode applies. */
  readonly commentMode: ThreadMode;
  /** Emergency switch: every new comment waits for a moderator, whatever the thread's mode. */
  readonly premoderateAll: boolean;
  /** Close a discussion this many days after its post was published; 0 never closes. */
  readonly autoCloseDays: number;
  /** A commenter with an approved comment skips pre-moderation (approve once, then trust). */
  readonly trustApprovedAuthors: boolean;
  /** Hold the first comment of a commenter never seen before, even on open threads. */
  readonly holdFirstComments: boolean;
  /** Hold comments with this many links or more from commenters without an approved comment. */
  readonly holdLinksFromNewAt: number;
  readonly profanityAction: ProfanityAction;
  /** Reports from this many distinct readers hide a comment until a moderator looks. */
  readonly reportsToHide: number;
  /** Window in which the same author posting the same text again is held, in minutes. */
  readonly duplicateWindowMinutes: number;
  /** Spam probability at or above which the classifier holds a comment… */
  readonly spamHoldAt: number;
  /** …and at or above which it files it as spam straight away. */
  readonly spamRejectAt: number;
  /** The site's own words and phrases to hold or file as spam (any language); changed one at a time. */
  readonly words: readonly WatchWord[];
}

/** The settings changed through the settings form: one value each (the word list has its own page). */
export type ScalarSetting = Exclude<keyof ModerationSettings, "words">;

export const DEFAULT_MODERATION: ModerationSettings = Object.freeze({
  commentMode: "open",
  premoderateAll: false,
  autoCloseDays: 0,
  trustApprovedAuthors: true,
  holdFirstComments: false,
  holdLinksFromNewAt: 2,
  profanityAction: "hold",
  reportsToHide: 3,
  duplicateWindowMinutes: 60,
  spamHoldAt: 0.8,
  spamRejectAt: 0.99,
  words: Object.freeze([]) as readonly WatchWord[],
});

export const SCALAR_SETTINGS: readonly ScalarSetting[] = (Object.keys(DEFAULT_MODERATION) as (keyof ModerationSettings)[]).filter(
  (k): k is ScalarSetting => k !== "words",
);

const MODES: readonly ThreadMode[] = ["open", "moderated", "closed", "hidden"];
const PROFANITY: readonly ProfanityAction[] = ["hold", "reject", "off"];

/** Reads stored settings leniently: unknown keys are dropped, bad values fall back to defaults. */
export function parseModerationSettings(raw: unknown): ModerationSettings {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_MODERATION;
  const int = (v: unknown, fallback: number, min: number, max: number) =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  const prob = (v: unknown, fallback: number) => (typeof v === "number" && v > 0 && v <= 1 ? v : fallback);
  return {
    commentMode: MODES.includes(o.commentMode as ThreadMode) ? (o.commentMode as ThreadMode) : d.commentMode,
    premoderateAll: typeof o.premoderateAll === "boolean" ? o.premoderateAll : d.premoderateAll,
    autoCloseDays: int(o.autoCloseDays, d.autoCloseDays, 0, 3650),
    trustApprovedAuthors: typeof o.trustApprovedAuthors === "boolean" ? o.trustApprovedAuthors : d.trustApprovedAuthors,
    holdFirstComments: typeof o.holdFirstComments === "boolean" ? o.holdFirstComments : d.holdFirstComments,
    holdLinksFromNewAt: int(o.holdLinksFromNewAt, d.holdLinksFromNewAt, 1, 100),
    profanityAction: PROFANITY.includes(o.profanityAction as ProfanityAction) ? (o.profanityAction as ProfanityAction) : d.profanityAction,
    reportsToHide: int(o.reportsToHide, d.reportsToHide, 1, 1000),
    duplicateWindowMinutes: int(o.duplicateWindowMinutes, d.duplicateWindowMinutes, 0, 7 * 24 * 60),
    spamHoldAt: prob(o.spamHoldAt, d.spamHoldAt),
    spamRejectAt: prob(o.spamRejectAt, d.spamRejectAt),
    words: parseWatchWords(o.words),
  };
}
