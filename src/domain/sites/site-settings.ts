import type { ModerationStore } from "../moderation/ports.js";
import type { Clock } from "../shared/deps.js";
import { DomainError, savedMeanwhile } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { can } from "../users/policies.js";
import type { User } from "../users/user.js";
import { actorIdOf } from "../users/operator.js";
import { uploadImage, type ImageCodec, type MediaStore } from "../media/upload-image.js";
import { checkSitePatch, updateSite } from "./manage-sites.js";
import { checkSiteLook, type SiteLook } from "./site-look.js";
import { siteVersion, type Site, type SiteStore, type VoteMode } from "./site.js";
import { cutTo } from "../shared/text.js";

/** The blog's settings form, as typed. */
export interface SiteSettingsInput {
  readonly name: string;
  readonly language: string;
  readonly description: string;
  readonly timeZone: string;
  readonly accent: string;
  readonly logoUrl: string;
  readonly navigation: string;
  readonly footer: string;
  /** Comment defaults. */
  readonly allowAnonymous: boolean;
  readonly maxDepth: string;
  readonly votes: string;
}

/**
 * An admin changes the blog's name, language, look (description, time zone, accent, logo,
 * navigation, footer) and comment defaults, all or nothing; every page follows at once (the
 * `site.changed` event empties the caches on every node). Logged with what changed.
 *
 * A new logo can come as a picture's bytes (`logo`): it is uploaded like any picture (decoded,
 * re-encoded, kept in the media library) only once the rest of the form is valid, and becomes the
 * logo's address — a form with a mistake stores nothing.
 */
export async function updateSiteSettings(
  deps: { sites: SiteStore; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events; media: MediaStore; images: ImageCodec },
  input: { actor: User | null; siteId: number; form: SiteSettingsInput; logo?: Uint8Array | undefined; basedOn?: number | undefined },
): Promise<Site> {
  if (!can.configureSite(input.actor)) throw new DomainError("forbidden", "Only an admin can change the site's settings.");
  const before = await deps.sites.getSite(input.siteId);
  // Refused before a logo is uploaded too; the store checks again as it writes.
  if (input.basedOn !== undefined && siteVersion(before) !== input.basedOn) throw savedMeanwhile("settings");
  const f = input.form;
  let look = checkSiteLook(f);
  const maxDepth = Number(f.maxDepth);
  if (f.maxDepth.trim() === "" || !Number.isFinite(maxDepth)) throw new DomainError("invalid_input", "Reply depth is a whole number from 1 to 10.", "maxDepth");
  const changes = { name: f.name, language: f.language, allowAnonymous: f.allowAnonymous, maxDepth, votes: f.votes as VoteMode };
  if (input.logo && input.logo.length > 0) {
    checkSitePatch(before, changes);
    look = { ...look, logoUrl: (await uploadImage(deps, { bytes: input.logo, field: "logoFile" })).url };
  }
  const after = await updateSite(deps, input.siteId, { ...changes, look }, input.basedOn);
  const changed = describeChanges(before, after);
  if (changed.length > 0) {
    await deps.moderation.log({ siteId: input.siteId, actorId: actorIdOf(input.actor!), action: "settings", commentId: null, detail: cutTo(`site ${input.siteId}: ${changed.join("; ")}`, 2000), reason: "", at: deps.clock.now() });
  }
  return after;
}

function describeChanges(a: Site, b: Site): string[] {
  const out: string[] = [];
  const plain = (label: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${label}: ${show(x)} → ${show(y)}`);
  };
  plain("name", a.name, b.name);
  plain("language", a.language, b.language);
  plain("anonymous comments", a.allowAnonymous, b.allowAnonymous);
  plain("reply depth", a.maxDepth, b.maxDepth);
  plain("votes", a.votes, b.votes);
  for (const key of Object.keys(b.look) as (keyof SiteLook)[]) plain(key, a.look[key], b.look[key]);
  return out;
}

const show = (v: unknown) => {
  const s = typeof v === "string" ? `“${v}”` : v === null ? "none" : JSON.stringify(v);
  return s.length > 120 ? `${cutTo(s, 119)}…` : s;
};
