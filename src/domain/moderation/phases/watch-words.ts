import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";
import { watchList } from "../watch-words.js";

/** The site's own words and phrases, in any language: a "spam" one files the comment, a "hold" one holds it. */
export const watchWords: Phase = {
  name: "word list",
  appliesToStaff: false,
  decide(s) {
    if (s.settings.words.length === 0) return ACCEPT;
    const found = watchList(s.settings.words).find(s.body);
    if (found.length === 0) return ACCEPT;
    const reason = `contains ${found.map((w) => `“${w.phrase}”`).join(", ")}`;
    return found[0]!.action === "spam" ? reject(reason) : hold(reason);
  },
};
