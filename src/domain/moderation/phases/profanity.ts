import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

// obscenity undoes leetspeak, repeated letters and confusable characters, and keeps whitelisted
// words ("Scunthorpe", "assassin") clean. Built once: construction compiles every pattern.
let matcher: RegExpMatcher | undefined;
let prefilter: ((text: string) => boolean) | undefined;
function getMatcher(): RegExpMatcher {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return matcher;
}

/** What obscenity's RegExpMatcher holds inside (0.4.x): read only to test every term in one pass. */
interface MatcherInside {
  readonly blacklistedTerms?: ReadonlyArray<{ readonly regExp: RegExp }>;
  readonly blacklistMatcherTransformers?: unknown;
  applyTransformers?(input: string, transformers: unknown): [number[], string];
}

/**
 * Whether any term could match: the same terms without the whitelist, which can only find more,
 * so "no" from it is final. Most comments are clean and stop here, so it is made cheap: the text
 * is transformed once (leetspeak, confusables, repeats, as the matcher does) and every term's
 * expression is tried in one alternation — one scan instead of one per term (119), and no
 * whitelist pass. Without a whitelist that is exactly the matcher's `hasMatch` (an alternation
 * matches somewhere iff one of its terms does); should a new obscenity hold its terms otherwise,
 * `hasMatch` itself is used (`prefilterIsOnePass` tells the tests which).
 */
function getPrefilter(): (text: string) => boolean {
  if (prefilter) return prefilter;
  const plain = new RegExpMatcher({ ...englishDataset.build(), whitelistedTerms: [], ...englishRecommendedTransformers });
  const inside = plain as unknown as MatcherInside;
  const terms = inside.blacklistedTerms;
  const transform = inside.applyTransformers;
  if (!Array.isArray(terms) || terms.length === 0 || typeof transform !== "function" || !terms.every((t) => t.regExp instanceof RegExp && t.regExp.flags === "gs")) {
    prefilter = (text) => plain.hasMatch(text);
    return prefilter;
  }
  const any = new RegExp(terms.map((t) => `(?:${t.regExp.source})`).join("|"), "s");
  const onePass = (text: string) => any.test(transform.call(plain, text, inside.blacklistMatcherTransformers)[1]);
  return (prefilter = Object.assign(onePass, { onePass: true }));
}

/** Whether the prefilter runs as one pass (else obscenity's own hasMatch, slower but the same answers). */
export function prefilterIsOnePass(): boolean {
  return (getPrefilter() as { onePass?: boolean }).onePass === true;
}

/** The prefilter's answer and obscenity's own, for tests that hold them equal. */
export function mayHoldProfanity(text: string): boolean {
  return getPrefilter()(text);
}

/** "f u c k" and "f.u.c.k" spell a word out letter by letter; join such runs so the matcher sees it. */
export function joinSpelledOut(text: string): string {
  return text.replace(/\b\p{L}(?:[\s.*_-]{1,2}\p{L}\b){2,}/gu, (run) => run.replace(/[\s.*_-]+/g, ""));
}

/**
 * Numbers are not words: "£455 million" or "call 455-1234" must not read as leetspeak for "ass".
 * A token with a digit and no letter is blanked before matching; "a55", "sh1t" and "@$$" (letters,
 * or signs without digits) are still read as what they spell.
 */
export function withoutNumbers(text: string): string {
  return text.replace(/\S+/gu, (token) => (/\d/u.test(token) && !/\p{L}/u.test(token) ? " ".repeat(token.length) : token));
}

/** The words the filter found, in their dictionary form. */
export function findProfanity(text: string): string[] {
  // One pass over the joined text: joining only touches runs of single letters, so every word the
  // original text holds is still there (the matcher costs ~0.2 µs per character; twice would show).
  const joined = joinSpelledOut(withoutNumbers(text));
  if (!getPrefilter()(joined)) return [];
  const found = new Set<string>();
  for (const match of getMatcher().getAllMatches(joined)) {
    const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
    if (word) found.add(word);
  }
  return [...found];
}

/** Profanity and slurs: held for a moderator or filed as spam, as the site chooses. */
export const profanity: Phase = {
  name: "profanity",
  appliesToStaff: false,
  decide(s) {
    if (s.settings.profanityAction === "off") return ACCEPT;
    const words = findProfanity(s.body);
    if (words.length === 0) return ACCEPT;
    const reason = `contains ${words.map(censor).join(", ")}`;
    return s.settings.profanityAction === "reject" ? reject(reason) : hold(reason);
  },
};

/** Moderators see which word matched without the queue itself swearing: "f**k". */
function censor(word: string): string {
  return word.length <= 2 ? word : `${word[0]}${"*".repeat(word.length - 2)}${word[word.length - 1]}`;
}
