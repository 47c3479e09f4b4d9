import type { Random } from "../shared/deps.js";
import { DomainError, savedMeanwhile } from "../shared/errors.js";
import { parseUrlOrRefuse } from "../shared/urls.js";
import type { Events } from "../shared/events.js";
import { DEFAULT_MAX_DEPTH, siteVersion, VOTE_MODES, type Site, type SitePatch, type SiteStore, type VoteMode } from "./site.js";
import { LANGUAGES } from "./languages.js";
import { checkWebhookUrl } from "../webhooks/webhook.js";

export interface ManageSitesDeps {
  readonly sites: SiteStore;
  readonly random: Random;
  readonly clock: { now(): number };
}

export interface NewSiteInput {
  readonly name: string;
  readonly origins: readonly string[];
  readonly language?: string | undefined;
  readonly allowAnonymous?: boolean | undefined;
  readonly maxDepth?: number | undefined;
  readonly webhookUrl?: string | null | undefined;
}

/** A site's credentials: the key goes in the snippet; the secret is shown once, when made. */
export function newSiteCredentials(random: Random): { publicKey: string; secret: string } {
  return { publicKey: `site_${random.token(12)}`, secret: `bss_${random.token(32)}` };
}

/** An admin adds an embedding site. Returns it with its secret, which is never shown again. */
export async function addSite(deps: ManageSitesDeps, input: NewSiteInput): Promise<{ site: Site; secret: string }> {
  const fields = checkSiteFields({ ...input, allowAnonymous: input.allowAnonymous ?? true, maxDepth: input.maxDepth ?? DEFAULT_MAX_DEPTH, language: input.language ?? "en" });
  if (fields.origins.length === 0) throw new DomainError("invalid_input", "Give at least one origin allowed to embed the site, such as https://example.org.", "origins");
  const credentials = newSiteCredentials(deps.random);
  const site = await deps.sites.insertSite(
    {
      name: fields.name,
      origins: fields.origins,
      language: fields.language,
      allowAnonymous: fields.allowAnonymous,
      maxDepth: fields.maxDepth,
      webhookUrl: input.webhookUrl ? checkWebhookUrl(input.webhookUrl) : null,
      ...credentials,
    },
    deps.clock.now(),
  );
  return { site, secret: credentials.secret };
}

/**
 * An admin changes a site's name, origins, language or discussion settings. With `basedOn` (the
 * siteVersion the admin's form was opened on) a save over someone else's is refused, not applied.
 */
export async function updateSite(deps: Pick<ManageSitesDeps, "sites"> & { readonly events: Events }, id: number, patch: SitePatch, basedOn?: number): Promise<Site> {
  const current = await deps.sites.getSite(id);
  const checked = checkSitePatch(current, patch);
  const updated = await deps.sites.updateSite(id, checked, (now) => {
    if (basedOn !== undefined && siteVersion(now) !== basedOn) throw savedMeanwhile("settings");
  });
  // Its discussions render differently now (anonymity, depth, votes, language): cached pages go.
  deps.events.publish({ type: "site.changed", siteId: id });
  return updated;
}

/** A change to a site, checked against the site as it is (throws the first mistake), as it will be stored. */
export function checkSitePatch(current: Site, patch: SitePatch): SitePatch {
  const fields = checkSiteFields({ ...current, ...patch });
  if (current.origins.length > 0 && fields.origins.length === 0) {
    throw new DomainError("invalid_input", "An embedding site needs at least one allowed origin.", "origins");
  }
  return {
    ...(patch.name !== undefined ? { name: fields.name } : {}),
    ...(patch.origins !== undefined ? { origins: fields.origins } : {}),
    ...(patch.language !== undefined ? { language: fields.language } : {}),
    ...(patch.allowAnonymous !== undefined ? { allowAnonymous: fields.allowAnonymous } : {}),
    ...(patch.maxDepth !== undefined ? { maxDepth: fields.maxDepth } : {}),
    ...(patch.webhookUrl !== undefined ? { webhookUrl: patch.webhookUrl === null || patch.webhookUrl === "" ? null : checkWebhookUrl(patch.webhookUrl) } : {}),
    ...(patch.votes !== undefined ? { votes: checkVoteMode(patch.votes) } : {}),
    ...(patch.look !== undefined ? { look: patch.look } : {}),
  };
}

function checkVoteMode(mode: string): VoteMode {
  if (!(VOTE_MODES as readonly string[]).includes(mode)) throw new DomainError("invalid_input", `Votes are one of ${VOTE_MODES.join(", ")}.`, "votes");
  return mode as VoteMode;
}

/** A new secret for a site (the old one stops working at once). Returned once. */
export async function rotateSiteSecret(deps: Pick<ManageSitesDeps, "sites" | "random">, id: number): Promise<string> {
  await deps.sites.getSite(id);
  const { secret } = newSiteCredentials(deps.random);
  await deps.sites.setSiteSecret(id, secret);
  return secret;
}

function checkSiteFields(f: { name: string; origins: readonly string[]; language: string; allowAnonymous: boolean; maxDepth: number }) {
  const name = f.name.trim();
  if (name.length === 0 || name.length > 100) throw new DomainError("invalid_input", "A site's name is 1 to 100 characters.", "name");
  if (!LANGUAGES.includes(f.language)) throw new DomainError("invalid_input", `Language must be one of ${LANGUAGES.join(", ")}.`, "language");
  if (!Number.isInteger(f.maxDepth) || f.maxDepth < 1 || f.maxDepth > 10) throw new DomainError("invalid_input", "Reply depth is a whole number from 1 to 10.", "maxDepth");
  const origins = [...new Set(f.origins.map(parseOrigin))];
  return { name, origins, language: f.language, allowAnonymous: f.allowAnonymous, maxDepth: f.maxDepth };
}

/**
 * An allowed origin, exactly: scheme, host and port, nothing else (no path, query or wildcard).
 * Returned in the form browsers send in an Origin header (lower case, default port dropped).
 */
export function parseOrigin(text: string): string {
  const url = parseUrlOrRefuse(text, "origins", `"${text}" is not an origin such as https://example.org.`);
  const plainHost = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname);
  const bare = plainHost && url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !bare || !/^[a-z]+:\/\/[^/]+\/?$/i.test(text.trim())) {
    throw new DomainError("invalid_input", `"${text}" must be only a scheme, host and port, such as https://example.org or http://localhost:8080.`, "origins");
  }
  return url.origin;
}
