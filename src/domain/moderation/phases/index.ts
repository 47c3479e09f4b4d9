import type { Phase } from "../screening.js";
import { banned } from "./banned.js";
import { duplicateText } from "./duplicate-text.js";
import { firstComment } from "./first-comment.js";
import { honeypot } from "./honeypot.js";
import { length } from "./length.js";
import { linkCount } from "./link-count.js";
import { premoderation } from "./premoderation.js";
import { profanity } from "./profanity.js";
import { spamClassifier } from "./spam-classifier.js";
import { threadClosed } from "./thread-closed.js";
import { watchWords } from "./watch-words.js";

/**
 * Screening, in order. Cheap refusals come first (the writer learns at once what to fix), then
 * the rules that hold a comment for a moderator, then the classifier's score.
 */
export const SCREENING_PHASES: readonly Phase[] = [
  honeypot,
  length,
  threadClosed,
  banned,
  premoderation,
  firstComment,
  profanity,
  watchWords,
  linkCount,
  duplicateText,
  spamClassifier,
];
