import { remove as foldConfusables } from "confusables";

/**
 * A site's own words and phrases, in any language and script, that hold a comment for a moderator
 * or file it as spam: the English profanity list does not know "bodoh" or "笨蛋". Kept in the
 * site's moderation settings, so a change reaches every node with them (`site.changed`).
 *
 * A phrase matches whole words ("bodoh" is not found in "bodohkan"); a `*` at either end lets it
 * match the start or end of a longer word ("bodoh*", "*haram"). Phrases in scripts written without
 * spaces (Chinese, Japanese, Thai…) match anywhere, whatever stands between their characters.
 */
export interface WatchWord {
  readonly phrase: string;
  readonly action: WatchAction;
}

/** Hold for a moderator, or file as spam straight away. */
export type WatchAction = "hold" | "spam";
export const WATCH_ACTIONS: readonly WatchAction[] = ["hold", "spam"];

export const MAX_WATCH_WORDS = 1000;
export const MAX_PHRASE_LENGTH = 100;

/** Scripts written without spaces between words: a phrase in them is found anywhere. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/** Digits and signs written for letters ("b0d0h", "@nj1ng"), undone inside words only. */
const LEET: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/**
 * The words of a text as matching sees them: compatibility-normalised (full-width letters),
 * look-alike letters folded (Cyrillic о, mathematical 𝐨 → o), accents, Arabic vowel marks, tatweel
 * and invisible characters removed, lower-cased, Arabic letters written two ways made one
 * (ى/ي, ة/ه), digits standing for letters undone, and repeated letters collapsed ("bodohhh").
 * Phrases and comments go through the same folding, so whatever it maps, it maps on both sides.
 */
export function foldedWords(text: string): string[] {
  const folded = foldConfusables(text.normalize("NFKC"))
    .normalize("NFKD")
    .replace(/[\p{M}\p{Cf}\u0640]/gu, "")
    .toLowerCase()
    .replace(/[\u0649\u06cc]/g, "\u064a")
    .replace(/\u0629/g, "\u0647");
  const words: string[] = [];
  for (const chunk of folded.split(/\s+/u)) {
    // Only before a letter ("b0d0h", "@njing"): "bodoh!" ends with punctuation, not with an i.
    const letters = /\p{L}/u.test(chunk) ? chunk.replace(/(?<=\p{L})!+(?=\p{L})|[013457@$]+(?=[!\p{L}])/gu, (run) => [...run].map((c) => LEET[c]!).join("")) : chunk;
    for (const w of letters.split(/[^\p{L}\p{N}]+/u)) if (w) words.push(w.replace(/(\p{L})\1+/gu, "$1"));
  }
  return words;
}

/** A phrase ready to match: its folded words, and which kind of matching it needs. */
interface Pattern {
  readonly word: WatchWord;
  /** Unspaced scripts: the folded characters, found anywhere in the text's joined words. */
  readonly anywhere: string | null;
  /** Spaced scripts: " words " with the leading or trailing space dropped where a `*` stands. */
  readonly spaced: string;
  /** The phrase's letters run together, looked for in words spelled out letter by letter ("b o d o h"). */
  readonly compact: string;
}

function toPattern(word: WatchWord): Pattern | null {
  const raw = word.phrase.trim();
  const prefix = raw.endsWith("*");
  const suffix = raw.startsWith("*");
  const words = foldedWords(raw.replace(/^\*+|\*+$/g, ""));
  if (words.length === 0) return null;
  const compact = words.join("");
  if (UNSPACED.test(compact)) return { word, anywhere: compact, spaced: "", compact };
  return { word, anywhere: null, spaced: `${suffix ? "" : " "}${words.join(" ")}${prefix ? "" : " "}`, compact };
}

/** Why a phrase cannot be a watch word, or null when it can. */
export function phraseProblem(phrase: string): string | null {
  const trimmed = phrase.trim();
  if (trimmed === "") return "Write the word or phrase to watch for.";
  if ([...trimmed].length > MAX_PHRASE_LENGTH) return `A phrase can be at most ${MAX_PHRASE_LENGTH} characters.`;
  const words = foldedWords(trimmed.replace(/^\*+|\*+$/g, ""));
  const compact = words.join("");
  if (compact === "") return "The phrase needs at least one letter or digit.";
  if (!UNSPACED.test(compact) && [...compact].length < 2) return "A phrase in a script written with spaces needs at least two letters.";
  return null;
}

/** Two phrases are the same watch word when they fold to the same pattern. */
export function phraseKey(phrase: string): string {
  const p = toPattern({ phrase, action: "hold" });
  return p ? (p.anywhere ?? p.spaced) : "";
}

/** The site's list compiled once; `find` answers the words a text contains, spam before hold. */
export interface WatchList {
  find(text: string): WatchWord[];
}

const compiled = new WeakMap<readonly WatchWord[], WatchList>();

export function watchList(words: readonly WatchWord[]): WatchList {
  let list = compiled.get(words);
  if (!list) {
    list = compile(words);
    compiled.set(words, list);
  }
  return list;
}

function compile(words: readonly WatchWord[]): WatchList {
  const patterns = words.map(toPattern).filter((p): p is Pattern => p !== null);
  return {
    find(text) {
      if (patterns.length === 0) return [];
      const textWords = foldedWords(text);
      const spaced = ` ${textWords.join(" ")} `;
      const joined = textWords.join("");
      // Runs of three or more one-letter words are a word spelled out: "b o d o h", "b.o.d.o.h".
      const spelled = spelledOutRuns(textWords);
      const found = patterns.filter((p) =>
        p.anywhere !== null ? joined.includes(p.anywhere) : spaced.includes(p.spaced) || spelled.some((run) => run.includes(p.compact)),
      );
      return found.map((p) => p.word).sort((a, b) => (a.action === b.action ? 0 : a.action === "spam" ? -1 : 1));
    },
  };
}

function spelledOutRuns(words: readonly string[]): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  for (const w of [...words, ""]) {
    if ([...w].length === 1 && !UNSPACED.test(w)) {
      run.push(w);
      continue;
    }
    if (run.length >= 3) runs.push(run.join(""));
    run = [];
  }
  return runs;
}

/** Reads a stored list leniently: entries that are not a phrase with an action are dropped. */
export function parseWatchWords(raw: unknown): readonly WatchWord[] {
  if (!Array.isArray(raw)) return [];
  const out: WatchWord[] = [];
  for (const e of raw.slice(0, MAX_WATCH_WORDS)) {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof o.phrase !== "string" || phraseProblem(o.phrase) !== null) continue;
    if (!WATCH_ACTIONS.includes(o.action as WatchAction)) continue;
    out.push({ phrase: o.phrase.trim(), action: o.action as WatchAction });
  }
  return out;
}
