import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import type { ModerationStore } from "./ports.js";
import { MAX_WATCH_WORDS, phraseKey, phraseProblem, WATCH_ACTIONS, type WatchAction, type WatchWord } from "./watch-words.js";

type Actor = { readonly id: number; readonly role: Role } | null;
type Deps = { sites: Pick<SiteStore, "getSite" | "changeModerationSettings">; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events };

/**
 * Staff who moderate add a word or phrase to a site's list, to hold or to file as spam. The same
 * phrase again (after folding: "BODOH" is "bodoh") changes its action instead of adding a copy.
 * Logged, and every node applies it at once (`site.changed`).
 */
export async function addWatchWord(deps: Deps, input: { actor: Actor; siteId: number; phrase: string; action: string }): Promise<WatchWord> {
  const actor = allowed(input.actor);
  const problem = phraseProblem(input.phrase);
  if (problem) throw new DomainError("invalid_input", problem, "phrase");
  if (!WATCH_ACTIONS.includes(input.action as WatchAction)) throw new DomainError("invalid_input", "Choose whether the phrase holds a comment or files it as spam.", "action");
  const word: WatchWord = { phrase: input.phrase.trim().replace(/\s+/g, " "), action: input.action as WatchAction };
  const key = phraseKey(word.phrase);
  let previous: WatchWord | undefined;
  await deps.sites.changeModerationSettings(input.siteId, (before) => {
    previous = before.words.find((w) => phraseKey(w.phrase) === key);
    if (!previous && before.words.length >= MAX_WATCH_WORDS) throw new DomainError("invalid_input", `A site can watch for at most ${MAX_WATCH_WORDS} words and phrases.`, "phrase");
    const words = previous ? before.words.map((w) => (w === previous ? word : w)) : [...before.words, word];
    return { ...before, words };
  });
  const detail = previous ? `word list of site ${input.siteId}: “${word.phrase}” ${previous.action} → ${word.action}` : `word list of site ${input.siteId}: added “${word.phrase}” (${word.action})`;
  await logged(deps, actor.id, input.siteId, detail);
  return word;
}

/** Takes a phrase off a site's list; a phrase that is not there is named, not ignored. */
export async function removeWatchWord(deps: Deps, input: { actor: Actor; siteId: number; phrase: string }): Promise<void> {
  const actor = allowed(input.actor);
  const key = phraseKey(input.phrase);
  let removed: WatchWord | undefined;
  await deps.sites.changeModerationSettings(input.siteId, (before) => {
    removed = before.words.find((w) => phraseKey(w.phrase) === key);
    if (!removed) throw new DomainError("not_found", "That phrase is not on the list.", "phrase");
    return { ...before, words: before.words.filter((w) => w !== removed) };
  });
  await logged(deps, actor.id, input.siteId, `word list of site ${input.siteId}: removed “${removed!.phrase}” (${removed!.action})`);
}

function allowed(actor: Actor): NonNullable<Actor> {
  if (!can.manageWatchWords(actor)) throw new DomainError("forbidden", "Only moderators can change the word list.");
  return actor!;
}

async function logged(deps: Deps, actorId: number, siteId: number, detail: string): Promise<void> {
  await deps.moderation.log({ siteId, actorId, action: "word_list", commentId: null, detail, reason: "", at: deps.clock.now() });
  deps.events.publish({ type: "site.changed", siteId });
}
