import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/** Case, spacing and punctuation do not make a copy new. */
export function fingerprint(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** The same author posting the same text again within the window is held (a flood or a bot). */
export const duplicateText: Phase = {
  name: "duplicate",
  appliesToStaff: false,
  decide(s) {
    const mine = fingerprint(s.body);
    if (mine === "") return ACCEPT;
    // Fingerprinting is the cost; a text of very different length cannot be a copy.
    const near = (b: string) => Math.abs(b.length - s.body.length) <= s.body.length / 4 + 8;
    const copies = s.recentBodies.filter((b) => near(b) && fingerprint(b) === mine).length;
    return copies === 0 ? ACCEPT : hold(`same text as ${copies} earlier comment${copies === 1 ? "" : "s"} by this author within ${s.settings.duplicateWindowMinutes} minutes`);
  },
};
