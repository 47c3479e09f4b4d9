import { remove as foldConfusables } from "confusables";

/**
 * A display name's key for "is this name taken": compatibility-normalised (full-width letters,
 * ligatures), look-alike letters folded to the ones they imitate (Cyrillic а, mathematical 𝐀,
 * circled ⓐ → a), lower-cased, and only letters and digits kept — so "Аdmіn", "ＡＤＭＩＮ" and
 * "a.d.m.i.n" are all "admin". Names of staff and registered readers are reserved: a guest cannot
 * post under a name whose key is one of theirs.
 */
export function nameKey(name: string): string {
  return foldConfusables(name.normalize("NFKC"))
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}
