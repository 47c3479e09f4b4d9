import { contentVersion } from "../shared/ids.js";
import type { ModerationSettings } from "../moderation/settings.js";
import type { SiteLook } from "./site-look.js";

/**
 * A site: our own blog is site 1; every other site embeds our discussions in its own pages.
 * Settings that shape discussions, and what an embedding needs. The secret is not here: it is read
 * only where it signs or checks something (SiteStore.getSiteSecret).
 */
export interface Site {
  readonly id: number;
  readonly name: string;
  /** In the embedding snippet; not a secret. */
  readonly publicKey: string;
  /** Origins (scheme://host[:port]) allowed to embed this site's threads; none for our own blog. */
  readonly origins: readonly string[];
  /** The language of the discussion's interface (a catalog name: en, ar, zh). */
  readonly language: string;
  /** Where comment events are sent (signed with the site's secret), if anywhere. */
  readonly webhookUrl: string | null;
  /** May readers comment without giving a name? */
  readonly allowAnonymous: boolean;
  /** Deepest nesting level shown; replies to a comment at this depth are attached beside it. */
  readonly maxDepth: number;
  /** How new comments are screened and when discussions close. */
  readonly moderation: ModerationSettings;
  /** Readers' votes on comments: up and down, a single "like", or none. */
  readonly votes: VoteMode;
  /** Description, time zone, accent, logo, navigation and footer (our blog's pages show them). */
  readonly look: SiteLook;
}

/**
 * The version of a site's settings as its forms show them (name, origins, language, webhook,
 * comment defaults, look): a form sends it back, and a save over someone else's is refused.
 * Moderation settings have their own (settingsVersion); the secret is never on a form.
 */
export function siteVersion(site: Site): number {
  const { id, name, publicKey, origins, language, webhookUrl, allowAnonymous, maxDepth, votes, look } = site;
  return contentVersion([id, name, publicKey, origins, language, webhookUrl, allowAnonymous, maxDepth, votes, look]);
}

export type VoteMode = "updown" | "like" | "none";
export const VOTE_MODES: readonly VoteMode[] = ["updown", "like", "none"];

/** Our own blog. Pages of the blog itself (front page, labels, feeds) belong to it. */
export const OWN_SITE_ID = 1;

export const DEFAULT_MAX_DEPTH = 3;

export type NewSite = Omit<Site, "id" | "moderation" | "votes" | "look"> & { readonly secret: string; readonly votes?: VoteMode };

export type SitePatch = Partial<Pick<Site, "name" | "origins" | "language" | "allowAnonymous" | "maxDepth" | "webhookUrl" | "votes" | "look">>;

export interface SiteStore {
  getSite(id: number): Promise<Site>;
  findSiteByKey(publicKey: string): Promise<Site | undefined>;
  listSites(): Promise<Site[]>;
  getSiteSecret(id: number): Promise<string>;
  insertSite(site: NewSite, createdAt: number): Promise<Site>;
  /** Changes a site; `check` sees the site as it is inside the write's transaction, and may refuse by throwing. */
  updateSite(id: number, patch: SitePatch, check?: (current: Site) => void): Promise<Site>;
  setSiteSecret(id: number, secret: string): Promise<void>;
  /** Reads and rewrites a site's settings in one transaction (two staff changing them at once both count). */
  changeModerationSettings(id: number, change: (before: ModerationSettings) => ModerationSettings): Promise<ModerationSettings>;
}
