import { stripUrls } from "../shared/text.js";

/**
 * A naive Bayes spam model over the words and link hosts of a comment. Counts live in storage and
 * grow by one document at a time as moderators decide (approve = ham, spam = spam), so training
 * is incremental and survives restarts; this file holds only the arithmetic.
 */

/** How many training documents of each class contained a token (each token once per document). */
export interface TokenCounts {
  readonly spam: number;
  readonly ham: number;
}

export interface ModelTotals {
  /** Documents trained as spam and as ham. */
  readonly spamDocs: number;
  readonly hamDocs: number;
}

/** Below this many documents of either class the model abstains: a guess from three examples misleads. */
export const MIN_DOCS_PER_CLASS = 5;

/** Tokens considered per comment; beyond this a long text adds time, not information. */
const MAX_TOKENS = 400;
const MAX_HOST = 253;

/**
 * The distinct features of a comment: lower-cased words (2–24 letters or digits), each Han
 * character alone (Chinese has no spaces), link hosts, and a bucket for how many links it has.
 */
export function tokenize(body: string, linkHosts: readonly string[]): string[] {
  const out = new Set<string>();
  // Links count through their hosts; the words inside URLs ("https", paths) would count them twice.
  const text = stripUrls(body.normalize("NFKC").toLowerCase());
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)) {
    const word = m[0];
    if (/\p{Script=Han}/u.test(word)) for (const ch of word.match(/\p{Script=Han}/gu) ?? []) out.add(ch);
    else if (word.length >= 2 && word.length <= 24) out.add(word);
    if (out.size >= MAX_TOKENS) break;
  }
  // No DNS name is longer than 253 characters; a longer "host" must not become a longer token
  // (PostgreSQL's index on tokens holds about 2,700 bytes an entry, and filing it as spam failed).
  for (const host of linkHosts) out.add(`host:${host.replace(/^www\./, "").slice(0, MAX_HOST)}`);
  out.add(`links:${linkHosts.length >= 3 ? "3+" : linkHosts.length}`);
  return [...out];
}

/**
 * P(spam | tokens) by naive Bayes with Laplace smoothing (Bernoulli-style: presence, not counts),
 * computed in log space. Unknown tokens carry no evidence and are skipped. Null while untrained.
 */
export function spamProbability(tokens: readonly string[], counts: ReadonlyMap<string, TokenCounts>, totals: ModelTotals): number | null {
  if (totals.spamDocs < MIN_DOCS_PER_CLASS || totals.hamDocs < MIN_DOCS_PER_CLASS) return null;
  let logOdds = Math.log(totals.spamDocs / totals.hamDocs);
  for (const t of tokens) {
    const c = counts.get(t);
    if (!c || c.spam + c.ham === 0) continue;
    const pSpam = (c.spam + 1) / (totals.spamDocs + 2);
    const pHam = (c.ham + 1) / (totals.hamDocs + 2);
    logOdds += Math.log(pSpam / pHam);
  }
  return 1 / (1 + Math.exp(-logOdds));
}

/**
 * What a moderator's decision does to the model: a first decision adds the comment to its class;
 * a changed mind (spam, then approved) takes it out of the old class and adds it to the new one;
 * the same decision again changes nothing. Deltas of [spam, ham] document counts, in order.
 */
export function trainingDeltas(previous: string | null | undefined, label: "spam" | "ham"): Array<[number, number]> {
  if (previous === label) return [];
  const deltas: Array<[number, number]> = [];
  if (previous === "spam") deltas.push([-1, 0]);
  else if (previous === "ham") deltas.push([0, -1]);
  deltas.push(label === "spam" ? [1, 0] : [0, 1]);
  return deltas;
}
