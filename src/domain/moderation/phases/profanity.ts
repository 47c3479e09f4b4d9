import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

// obscenity undoes leetspeak, repeated letters and confusable characters, and keeps whitelisted
// words ("Scunthorpe", "assassin") clean. Built once: construction compiles every pattern.
let matcher: RegExpMatcher | undefined;
let blacklistOnly: RegExpMatcher | undefined;
function getMatcher(): RegExpMatcher {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return matcher;
}
/** The same terms without the whitelist: it can only find more, so "nothing" from it is final, one pass cheaper. */
function getPrefilter(): RegExpMatcher {
  blacklistOnly ??= new RegExpMatcher({ ...englishDataset.build(), whitelistedTerms: [], ...englishRecommendedTransformers });
  return blacklistOnly;
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
  if (!getPrefilter().hasMatch(joined)) return [];
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
