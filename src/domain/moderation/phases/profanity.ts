import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

// obscenity undoes leetspeak, repeated letters and confusable characters, and keeps whitelisted
// words ("Scunthorpe", "assassin") clean. Built once: construction compiles every pattern.
let matcher: RegExpMatcher | undefined;
function getMatcher(): RegExpMatcher {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return matcher;
}

/** "f u c k" and "f.u.c.k" spell a word out letter by letter; join such runs so the matcher sees it. */
export function joinSpelledOut(text: string): string {
  return text.replace(/\b\p{L}(?:[\s.*_-]{1,2}\p{L}\b){2,}/gu, (run) => run.replace(/[\s.*_-]+/g, ""));
}

/** The words the filter found, in their dictionary form. */
export function findProfanity(text: string): string[] {
  const m = getMatcher();
  const found = new Set<string>();
  for (const candidate of [text, joinSpelledOut(text)]) {
    for (const match of m.getAllMatches(candidate)) {
      const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      if (word) found.add(word);
    }
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
