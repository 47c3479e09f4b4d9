import type { ModerationSettings } from "../moderation/settings.js";

/** A site: our own blog is site 1; embedding sites come later. Settings that shape discussions. */
export interface Site {
  readonly id: number;
  readonly name: string;
  /** May readers comment without giving a name? */
  readonly allowAnonymous: boolean;
  /** Deepest nesting level shown; replies to a comment at this depth are attached beside it. */
  readonly maxDepth: number;
  /** How new comments are screened and when discussions close. */
  readonly moderation: ModerationSettings;
}

export const DEFAULT_MAX_DEPTH = 3;

export interface SiteStore {
  getSite(id: number): Promise<Site>;
  insertSite(site: Omit<Site, "id" | "moderation">, createdAt: number): Promise<Site>;
  saveModerationSettings(id: number, settings: ModerationSettings): Promise<void>;
}
