import type { Hasher } from "../../shared/deps.js";
import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/** Case, spacing and punctuation do not make a copy new. */
export function fingerprint(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** What is stored and compared: a short hash of the fingerprint, or null when nothing is left of the text. */
export function fingerprintHash(hasher: Hasher, text: string): string | null {
  const f = fingerprint(text);
  return f === "" ? null : hasher.sha256(f).slice(0, 24);
}

/** The same author posting the same text again within the window is held (a flood or a bot). */
export const duplicateText: Phase = {
  name: "duplicate",
  appliesToStaff: false,
  decide: (s) =>
    s.copies === 0
      ? ACCEPT
      : hold(`same text as ${s.copies} earlier comment${s.copies === 1 ? "" : "s"} by this author within ${s.settings.duplicateWindowMinutes} minutes`),
};
