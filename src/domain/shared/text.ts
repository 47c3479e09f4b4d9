/** Unicode normalisation and cleaning shared by every field a reader writes. */

// C0/C1 controls except TAB, LF, CR; plus U+2028/2029 separators.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Bidi embeddings, overrides and isolates: spoofing tools in names.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

// A surrogate without its pair: JSON can carry one ("\ud800"), UTF-8 cannot store one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text storable on both dialects: every lone surrogate replaced by U+FFFD, as a UTF-8 decoder
 * would, and every NUL dropped (PostgreSQL's text cannot hold one; cleanText drops it too).
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replaceAll("\u0000", "");
}

/**
 * A percent-encoded part of an address, decoded; `undefined` when it is not valid UTF-8 ("%ff",
 * a lone "%"): such an address names nothing we have. decodeURIComponent throws instead, and a
 * throw where nothing catches it (before the framework) would stop the server for everyone.
 */
export function decodedOrUndefined(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** NFC-normalises multi-line text, unifies newlines and drops control characters (NUL included: PostgreSQL cannot store it). */
export function cleanText(text: string): string {
  return wellFormed(text).normalize("NFC").replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(/[\u2028\u2029]/g, "\n");
}

// What draws nothing: the default-ignorable code points (zero-width spaces and joiners, soft hyphen,
// word joiner, variation selectors, tag characters, the Hangul fillers) and the blank braille cell.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** The characters of `text` a reader would see, whitespace aside (for "is anything written here?"). */
export function visiblePart(text: string): string {
  return text.replace(INVISIBLE, "").replace(/\s+/g, "");
}

/**
 * A single-line field (a name): NFC, no controls, no bidi overrides, whitespace collapsed; and
 * empty when nothing in it would show ("ㅤ", fifty zero-width spaces), so that no field reads as
 * written while looking blank. Joiners and variation selectors inside a name stay (emoji need them).
 */
export function cleanLine(text: string): string {
  const line = cleanText(text).replace(BIDI, "").replace(/\s+/g, " ").trim();
  return visiblePart(line) === "" ? "" : line;
}

/**
 * The first `max` UTF-16 units of `text`, never half a character: a cut between the two halves of
 * an astral character (an emoji, 𠀀) left a lone surrogate, which SQLite stores as invalid UTF-8
 * and encodeURIComponent refuses (a slug cut so made every link to its post a 500).
 */
export function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Length in user-perceived units close enough for limits: code points, not UTF-16 units. */
export function lengthOf(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A high surrogate followed by a low one is one code point, two UTF-16 units.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) n--;
  }
  return n;
}

/** The text with every URL-looking run (Markdown links, http(s)://…, www.…, bare domain/path) replaced by a space. */
export function stripUrls(text: string): string {
  return text.replace(/\[[^\]]*\]\([^)]*\)|<[^>]*>|\b(?:https?:\/\/|www\.)\S+|\b[\w.-]+\.[a-z]{2,}(?:\/\S*)?/gi, " ");
}
