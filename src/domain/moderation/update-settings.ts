import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import type { ModerationStore } from "./ports.js";
import { parseModerationSettings, SCALAR_SETTINGS, type ModerationSettings, type ScalarSetting } from "./settings.js";

type Actor = { readonly id: number; readonly role: Role } | null;

/** Admins change a site's moderation settings; every change is logged with what changed. */
export async function updateModerationSettings(
  deps: { sites: Pick<SiteStore, "getSite" | "saveModerationSettings">; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events },
  input: { actor: Actor; siteId: number; changes: Partial<Record<ScalarSetting, unknown>> },
): Promise<ModerationSettings> {
  if (!can.configureModeration(input.actor)) throw new DomainError("forbidden", "Only an admin can change moderation settings.");
  return applySettings(deps, input.actor!.id, input.siteId, input.changes);
}

/** The emergency switch: any moderator may start or stop pre-moderating every new comment. */
export async function setPremoderateAll(
  deps: Parameters<typeof updateModerationSettings>[0],
  input: { actor: Actor; siteId: number; on: boolean },
): Promise<ModerationSettings> {
  if (!can.moderateComments(input.actor)) throw new DomainError("forbidden", "Only moderators can do that.");
  return applySettings(deps, input.actor!.id, input.siteId, { premoderateAll: input.on });
}

async function applySettings(
  deps: Parameters<typeof updateModerationSettings>[0],
  actorId: number,
  siteId: number,
  changes: Partial<Record<ScalarSetting, unknown>>,
): Promise<ModerationSettings> {
  const before = (await deps.sites.getSite(siteId)).moderation;
  // Only one-value settings change here: the word list has its own use cases (add, remove).
  const known = Object.keys(changes) as ScalarSetting[];
  const unknown = known.find((k) => !SCALAR_SETTINGS.includes(k));
  if (unknown !== undefined) throw new DomainError("invalid_input", `There is no setting called ${unknown} here.`, unknown);
  const merged = { ...before, ...Object.fromEntries(known.map((k) => [k, changes[k]])) };
  const after = parseModerationSettings(merged);
  // parseModerationSettings falls back to defaults silently; here a bad value must be named instead.
  for (const key of known) {
    if (after[key] !== merged[key]) throw new DomainError("invalid_input", `That value is not allowed for ${key}.`, key);
  }
  if (after.spamHoldAt > after.spamRejectAt) {
    throw new DomainError("invalid_input", "The spam hold threshold must not be above the reject threshold.", "spamHoldAt");
  }
  const changed = SCALAR_SETTINGS.filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return after;
  await deps.sites.saveModerationSettings(siteId, after);
  await deps.moderation.log({
    siteId,
    actorId,
    action: "settings",
    commentId: null,
    detail: changed.map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`).join("; "),
    reason: "",
    at: deps.clock.now(),
  });
  deps.events.publish({ type: "site.changed", siteId });
  return after;
}
