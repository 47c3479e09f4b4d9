import type { NavLink } from "../domain/sites/site-look.js";

/**
 * What every page of our blog shows around its content, from the site's settings and its static
 * pages: the navigation, the footer, the logo, the accent's stylesheet, the time zone dates are
 * shown in. Set by the HTTP layer at start and again after every `site.changed` event
 * (http/site-chrome.ts), read by the layout as it renders: like the asset manifest, one value per
 * process, so that every page (cached or not) gets it without each route passing it along.
 */
export interface SiteChrome {
  readonly nav: readonly NavLink[];
  readonly footer: string;
  readonly footerLinks: readonly NavLink[];
  readonly logoUrl: string | null;
  /** The accent's small stylesheet, by a content-versioned address; null: the design's accent. */
  readonly lookCss: string | null;
  readonly description: string;
  /** The zone dates are shown in and posts are scheduled in. */
  readonly timeZone: string;
}

let chrome: SiteChrome = { nav: [{ label: "Front page", href: "/" }], footer: "", footerLinks: [], logoUrl: null, lookCss: null, description: "", timeZone: "UTC" };

export function setSiteChrome(next: SiteChrome): void {
  chrome = next;
}

export function siteChrome(): SiteChrome {
  return chrome;
}
