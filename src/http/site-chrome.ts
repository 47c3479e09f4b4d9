import crypto from "node:crypto";
import type { FastifyInstance } from "fastify";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import type { SiteLook } from "../domain/sites/site-look.js";
import { setSiteChrome } from "../views/site-chrome.js";
import type { AppDeps } from "./deps.js";

/** The design's dark accent: a custom accent is for the light theme (a dark red on dark paper would not read). */
const DARK_ACCENT = "#f2968b";

export function lookStylesheet(look: SiteLook): string | null {
  if (!look.accent) return null;
  return [
    `html:not([data-theme="dark"]) { --accent: ${look.accent}; }`,
    `@media (prefers-color-scheme: dark) { html:not([data-theme="light"]) { --accent: ${DARK_ACCENT}; } }`,
    "",
  ].join("\n");
}

/**
 * Keeps the pages' chrome (views/site-chrome.ts) in step with the blog's settings and pages:
 * loaded before the app serves, reloaded on every `site.changed` (which also empties the caches:
 * the page cache is emptied again once the new chrome is in, so no page is cached with the old).
 */
export async function registerSiteChrome(app: FastifyInstance, deps: Pick<AppDeps, "sites" | "pages" | "config" | "events">, onReloaded: () => void): Promise<void> {
  let css: { body: string; version: string } | null = null;
  const reload = async () => {
    const [site, pages] = await Promise.all([deps.sites.getSite(OWN_SITE_ID), deps.pages.listPages(OWN_SITE_ID)]);
    const body = lookStylesheet(site.look);
    css = body ? { body, version: crypto.createHash("sha256").update(body).digest("hex").slice(0, 10) } : null;
    const pageLinks = pages.filter((p) => p.inNav).map((p) => ({ label: p.title, href: `/pages/${encodeURIComponent(p.slug)}` }));
    setSiteChrome({
      nav: [{ label: "Front page", href: "/" }, ...site.look.navigation, ...pageLinks],
      footer: site.look.footer,
      footerLinks: pageLinks,
      logoUrl: site.look.logoUrl,
      lookCss: css ? `/site-look.css?v=${css.version}` : null,
      description: site.look.description,
      timeZone: site.look.timeZone ?? deps.config.timeZone,
    });
  };
  await reload();
  deps.events.subscribe((e) => {
    if (e.type !== "site.changed" && e.type !== "events.gap") return;
    reload().then(onReloaded, (err: unknown) => app.log.error({ err }, "reloading the site's settings failed"));
  });
  app.get("/site-look.css", { schema: { hide: true } }, async (_req, reply) => {
    if (!css) return reply.code(404).type("text/css; charset=utf-8").send("");
    return reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(css.body);
  });
}
