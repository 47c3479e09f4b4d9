import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { SiteStore } from "../sites/site.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import type { ModerationStore } from "./ports.js";
import { parseModerationSettings, type ModerationSettings } from "./settings.js";

type Actor = { readonly id: number; readonly role: Role } | null;

/** Admins change a site's moderation settings; every change is logged with what changed. */
export async function updateModerationSettings(
  deps: { sites: Pick<SiteStore, "getSite" | "saveModerationSettings">; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events },
  input: { actor: Actor; siteId: number; changes: Partial<Record<keyof ModerationSettings, unknown>> },
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
  changes: Partial<Record<keyof ModerationSettings, unknown>>,
): Promise<ModerationSettings> {
  const before = (await deps.sites.getSite(siteId)).moderation;
  const merged = { ...before, ...changes };
  const after = parseModerationSettings(merged);
  // parseModerationSettings falls back to defaults silently; here a bad value must be named instead.
  for (const key of Object.keys(changes) as (keyof ModerationSettings)[]) {
    if (after[key] !== merged[key]) throw new DomainError("invalid_input", `That value is not allowed for ${key}.`, key);
  }
  if (after.spamHoldAt > after.spamRejectAt) {
    throw new DomainError("invalid_input", "The spam hold threshold must not be above the reject threshold.", "spamHoldAt");
  }
  const changed = (Object.keys(after) as (keyof ModerationSettings)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return after;
  await deps.sites.saveModerationSettings(siteId, after);
  await deps.moderation.log({
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
