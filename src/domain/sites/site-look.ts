import { DomainError } from "../shared/errors.js";
import { cleanLine, lengthOf } from "../shared/text.js";

/** A link of the site's navigation: a path of ours or an http(s) address. */
export interface NavLink {
  readonly label: string;
  readonly href: string;
}

/**
 * How the blog presents itself beyond its name: kept as one document per site and read leniently
 * (missing or bad keys take defaults), like the moderation settings.
 */
export interface SiteLook {
  /** One or two sentences: the front page's description, the feeds' subtitle, search engines' snippet. */
  readonly description: string;
  /** IANA zone for dates shown and for scheduling; null: the server's (BROADSHEET_TIME_ZONE). */
  readonly timeZone: string | null;
  /** "#rrggbb", dark enough for white text on it (4.5:1); null: the design's own. */
  readonly accent: string | null;
  /** A picture of ours (/media/…) or an https address, shown beside the name; null: the name alone. */
  readonly logoUrl: string | null;
  /** Links shown in the masthead after the front page (static pages marked for it come after these). */
  readonly navigation: readonly NavLink[];
  /** A line of plain text at the foot of every page. */
  readonly footer: string;
}

export const DEFAULT_LOOK: SiteLook = Object.freeze({ description: "", timeZone: null, accent: null, logoUrl: null, navigation: Object.freeze([]) as readonly NavLink[], footer: "" });

export const LOOK_LIMITS = Object.freeze({ description: 300, footer: 500, navigation: 8, label: 40, url: 500 });

/** Reads a stored look leniently. */
export function parseSiteLook(raw: unknown): SiteLook {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const attempt = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };
  return {
    description: typeof o.description === "string" ? o.description : "",
    timeZone: attempt(() => checkTimeZone(o.timeZone), null),
    accent: attempt(() => checkAccent(o.accent), null),
    logoUrl: attempt(() => checkLogoUrl(o.logoUrl), null),
    navigation: attempt(() => checkNavigation(o.navigation), []),
    footer: typeof o.footer === "string" ? o.footer : "",
  };
}

/** Validates what an admin typed; the first problem is named with its field. */
export function checkSiteLook(input: { description: string; timeZone: string; accent: string; logoUrl: string; navigation: string; footer: string }): SiteLook {
  const description = cleanLine(input.description);
  if (lengthOf(description) > LOOK_LIMITS.description) throw new DomainError("invalid_input", `The description can be at most ${LOOK_LIMITS.description} characters.`, "description");
  const footer = cleanLine(input.footer);
  if (lengthOf(footer) > LOOK_LIMITS.footer) throw new DomainError("invalid_input", `The footer can be at most ${LOOK_LIMITS.footer} characters.`, "footer");
  return {
    description,
    timeZone: checkTimeZone(input.timeZone.trim() || null),
    accent: checkAccent(input.accent.trim() || null),
    logoUrl: checkLogoUrl(input.logoUrl.trim() || null),
    navigation: checkNavigation(parseNavigationLines(input.navigation)),
    footer,
  };
}

function checkTimeZone(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v !== "string") throw new DomainError("invalid_input", "Give an IANA time zone such as Europe/London.", "timeZone");
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    throw new DomainError("invalid_input", `“${v}” is not a time zone; give one such as Europe/London or Asia/Kuala_Lumpur.`, "timeZone");
  }
}

/** WCAG relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function checkAccent(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v !== "string" || !/^#[0-9a-f]{6}$/i.test(v)) throw new DomainError("invalid_input", "Give the accent colour as #rrggbb, e.g. #8a1c1c.", "accent");
  // Labels and links in the accent sit on the light paper, and white text on its buttons: both
  // need 4.5:1 (WCAG AA); the paper is a shade darker than white, so measure against it.
  const contrast = 1.0 / (luminance(v) + 0.05);
  if (contrast < 4.5) throw new DomainError("invalid_input", `${v} is too light: text in it and on it would be hard to read (${contrast.toFixed(1)}:1, at least 4.5:1 is needed). Choose a darker colour.`, "accent");
  return v.toLowerCase();
}

function checkHref(v: string, field: string, what: string, localPrefix: RegExp): string {
  const s = v.trim();
  if (s.length > LOOK_LIMITS.url) throw new DomainError("invalid_input", `${what} is too long.`, field);
  if (localPrefix.test(s)) return s;
  try {
    const u = new URL(s);
    if (u.protocol === "https:" || u.protocol === "http:") return u.href;
  } catch {
    // named below
  }
  throw new DomainError("invalid_input", `${what} must be a path of this site (/about) or an http(s) address.`, field);
}

function checkLogoUrl(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v !== "string") throw new DomainError("invalid_input", "Give the logo's address.", "logoUrl");
  return checkHref(v, "logoUrl", "The logo's address", /^\/media\/[\w.-]+$/);
}

/** "Label | /path" per line, as the settings form takes them. */
export function parseNavigationLines(text: string): NavLink[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const bar = l.lastIndexOf("|");
      if (bar < 0) throw new DomainError("invalid_input", `Write each link as “Label | /path”: “${l.slice(0, 60)}” has no “|”.`, "navigation");
      return { label: l.slice(0, bar).trim(), href: l.slice(bar + 1).trim() };
    });
}

export function navigationLines(nav: readonly NavLink[]): string {
  return nav.map((l) => `${l.label} | ${l.href}`).join("\n");
}

function checkNavigation(v: unknown): NavLink[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new DomainError("invalid_input", "The navigation is a list of links.", "navigation");
  if (v.length > LOOK_LIMITS.navigation) throw new DomainError("invalid_input", `At most ${LOOK_LIMITS.navigation} navigation links.`, "navigation");
  return v.map((e: unknown) => {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    const label = cleanLine(typeof o.label === "string" ? o.label : "");
    if (label === "" || lengthOf(label) > LOOK_LIMITS.label) throw new DomainError("invalid_input", `A navigation link needs a label of 1 to ${LOOK_LIMITS.label} characters.`, "navigation");
    return { label, href: checkHref(typeof o.href === "string" ? o.href : "", "navigation", `The address of “${label}”`, /^\/(?![/\\])[^\s]*$/) };
  });
}
