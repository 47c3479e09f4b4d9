import type { Clock } from "../shared/deps.js";
import { DomainError, savedMeanwhile } from "../shared/errors.js";
import { contentVersion } from "../shared/ids.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import type { ModerationStore } from "./ports.js";
import { parseModerationSettings, SCALAR_SETTINGS, type ModerationSettings, type ScalarSetting } from "./settings.js";

type Actor = { readonly id: number; readonly role: Role } | null;

/** Admins change a site's moderation settings; every change is logged with what changed. */
export async function updateModerationSettings(
  deps: { sites: Pick<SiteStore, "changeModerationSettings">; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events },
  input: { actor: Actor; siteId: number; changes: Partial<Record<ScalarSetting, unknown>>; basedOn?: number | undefined },
): Promise<ModerationSettings> {
  if (!can.configureModeration(input.actor)) throw new DomainError("forbidden", "Only an admin can change moderation settings.");
  return applySettings(deps, input.actor!.id, input.siteId, input.changes, input.basedOn);
}

/** The emergency switch: any moderator may start or stop pre-moderating every new comment. */
export async function setPremoderateAll(
  deps: Parameters<typeof updateModerationSettings>[0],
  input: { actor: Actor; siteId: number; on: boolean },
): Promise<ModerationSettings> {
  if (!can.moderateComments(input.actor)) throw new DomainError("forbidden", "Only moderators can do that.");
  return applySettings(deps, input.actor!.id, input.siteId, { premoderateAll: input.on });
}

/** The version of the settings a form shows (every one-value setting; the word list is not on it). */
export function settingsVersion(settings: ModerationSettings): number {
  return contentVersion(SCALAR_SETTINGS.map((k) => settings[k]));
}

/**
 * One read-modify-write in the store's transaction: a word added meanwhile is kept (the whole
 * document used to be written back from a copy read before), and a form opened before someone
 * else's save (`basedOn`, its settingsVersion) is refused instead of undoing that save.
 */
async function applySettings(
  deps: Parameters<typeof updateModerationSettings>[0],
  actorId: number,
  siteId: number,
  changes: Partial<Record<ScalarSetting, unknown>>,
  basedOn?: number,
): Promise<ModerationSettings> {
  // Only one-value settings change here: the word list has its own use cases (add, remove).
  const known = Object.keys(changes) as ScalarSetting[];
  const unknown = known.find((k) => !SCALAR_SETTINGS.includes(k));
  if (unknown !== undefined) throw new DomainError("invalid_input", `There is no setting called ${unknown} here.`, unknown);
  let before: ModerationSettings | undefined;
  const after = await deps.sites.changeModerationSettings(siteId, (current) => {
    if (basedOn !== undefined && settingsVersion(current) !== basedOn) throw savedMeanwhile("settings");
    before = current;
    const merged = { ...current, ...Object.fromEntries(known.map((k) => [k, changes[k]])) };
    const next = parseModerationSettings(merged);
    // parseModerationSettings falls back to defaults silently; here a bad value must be named instead.
    for (const key of known) {
      if (next[key] !== merged[key]) throw new DomainError("invalid_input", `That value is not allowed for ${key}.`, key);
    }
    if (next.spamHoldAt > next.spamRejectAt) {
      throw new DomainError("invalid_input", "The spam hold threshold must not be above the reject threshold.", "spamHoldAt");
    }
    return next;
  });
  const changed = SCALAR_SETTINGS.filter((k) => after[k] !== before![k]);
  if (changed.length === 0) return after;
  await deps.moderation.log({
    siteId,
    actorId,
    action: "settings",
    commentId: null,
    detail: changed.map((k) => `${k}: ${String(before![k])} → ${String(after[k])}`).join("; "),
    reason: "",
    at: deps.clock.now(),
  });
  deps.events.publish({ type: "site.changed", siteId });
  return after;
}
