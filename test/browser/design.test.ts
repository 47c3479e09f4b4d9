import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { startSession } from "../../src/domain/users/start-session.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SHOTS = path.resolve("test-results/screenshots");
const browser = useBrowser();

/** axe-core in the page (through the debugging protocol: the page's CSP allows no injected script). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Result = { passes: unknown[]; violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    if (result.passes.length < 10) return ["axe checked almost nothing"];
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** Every page, in both themes at a desktop and a phone width: a screenshot each, axe clean, nothing wider than the screen. */
async function walk(page: Page, base: string, pages: ReadonlyArray<[string, string]>, problems: string[]) {
  for (const [name, address] of pages) {
    for (const width of [1280, 390]) {
      for (const theme of ["light", "dark"] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: theme });
        const res = await page.goto(`${base}${address}`);
        if (!res || res.status() >= 500) problems.push(`${name}: status ${res?.status()}`);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}-${width}.png`), fullPage: true });
        for (const v of await seriousViolations(page)) problems.push(`${name} (${theme}, ${width}px): ${v}`);
      }
    }
    // Usable at 360 px: no sideways scrolling of the page itself (wide charts scroll inside their own box).
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}${address}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`${name}: ${overflow}px wider than a 360px screen`);
  }
}

describe("the designed interface", () => {
  it("every reader and staff page, light and dark, at 1280 and 390 px: screenshots, no serious axe violation, nothing wider than 360 px", { timeout: 300_000 }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const server = await startServer({ sampleContent: true });
    try {
      const admin = await createUser(server.deps, { email: "design-admin@example.test", displayName: "Ada Admin", role: "admin", password: "correct horse battery" });
      const { token } = await startSession(server.deps, { userId: admin.id });
      await addSite(server.deps, { name: "Tide Watch", origins: ["https://tide.example"] });
      // The sample post with the discussion (the one with the most comments).
      const post = (await server.deps.posts.listAllPosts(50)).sort((a, b) => b.commentCount - a.commentCount)[0]?.post;
      if (!post) throw new Error("the sample content has no post");
      const slug = post.slug;
      const comment = (await server.makeComment(post, { body: "A comment to answer and to report." })).comment;
      await server.deps.pages.savePage(1, { slug: "about", title: "About us", bodySource: "x", bodyHtml: "<p>Three reporters and a harbour.</p>", inNav: true, position: 0 }, server.clock.now());
      server.deps.events.publish({ type: "site.changed", siteId: 1 });

      const readers = new Array<[string, string]>(
        ["front-page", "/"],
        ["post", `/posts/${slug}`],
        ["post-best", `/posts/${slug}?sort=best`],
        ["reply", `/comments/${comment.id}/reply`],
        ["report", `/comments/${comment.id}/report`],
        ["search", "/search?q=harbour"],
        ["label", `/labels/${encodeURIComponent(post.labels[0] ?? "news")}`],
        ["sign-in", "/login"],
        ["sign-up", "/signup"],
        ["not-found", "/posts/no-such-post"],
        ["static-page", "/pages/about"],
      );
      const staff = new Array<[string, string]>(
        ["account", "/account"],
        ["api-tokens", "/account/tokens"],
        ["editor", "/editor"],
        ["new-post", "/editor/posts/new"],
        ["pictures", "/editor/media"],
        ["trash", "/editor?status=trashed"],
        ["edit-post", `/editor/posts/${post.id}`],
        ["revisions", `/editor/posts/${post.id}/revisions`],
        ["statistics", "/editor/stats"],
        ["post-statistics", `/editor/posts/${post.id}/stats`],
        ["queue", "/moderation"],
        ["queue-all", "/moderation?tab=all"],
        ["bans", "/moderation/bans"],
        ["audit-log", "/moderation/log"],
        ["moderation-settings", "/moderation/settings"],
        ["words", "/moderation/words"],
        ["sites", "/admin/sites"],
        ["mail", "/admin/mail"],
        ["import", "/admin/import"],
        ["accounts", "/admin/users"],
        ["site-settings", "/admin/settings"],
        ["new-page", "/admin/pages/new"],
        ["account-detail", `/admin/users/${admin.id}`],
      );
      const problems: string[] = [];
      const readerCtx = await newContext(browser());
      await walk(await readerCtx.newPage(), server.url, readers, problems);
      await readerCtx.close();
      const staffCtx = await newContext(browser());
      await staffCtx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      await walk(await staffCtx.newPage(), server.url, staff, problems);
      await staffCtx.close();
      expect(problems).toEqual([]);
      expect(fs.readdirSync(SHOTS).filter((f) => f.endsWith(".png")).length).toBeGreaterThanOrEqual((readers.length + staff.length) * 4);
    } finally {
      await server.cleanup();
    }
  });

  it("the masthead: navigation, search with a button, subscribe, sign-in; staff see the editor and the queue with its count; the theme switch is remembered", async () => {
    const server = await startServer({ sampleContent: true });
    try {
      const ctx = await newContext(browser());
      const page = await ctx.newPage();
      await page.goto(server.url);
      expect(await page.locator(".masthead-nav a", { hasText: "Front page" }).count()).toBe(1);
      expect(await page.getAttribute(".masthead-nav a:has-text('Subscribe')", "href")).toBe("/feeds/posts.atom");
      expect(await page.locator(".masthead-search button[type=submit]").textContent()).toBe("Search");
      expect(await page.locator(".masthead-account").textContent()).toBe("Sign in Sign up");
      expect((await page.content()).includes("\u0000")).toBe(false);

      // The theme: follows the system until chosen, then the choice stays across pages.
      await page.emulateMedia({ colorScheme: "dark" });
      const paper = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(await paper()).toBe("rgb(27, 27, 25)");
      await page.click("button.theme-switch");
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
      expect(await paper()).toBe("rgb(251, 250, 247)");
      await page.goto(`${server.url}/search?q=harbour`);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
      expect(await page.textContent("button.theme-switch")).toBe("Theme: light");
      await page.click("button.theme-switch");
      expect(await paper()).toBe("rgb(27, 27, 25)");

      // Staff: the editor and the queue with its pending count (the sample discussion holds some).
      const pending = (await server.deps.moderation.queueCounts()).pending;
      expect(pending).toBeGreaterThan(0);
      const moderator = await createUser(server.deps, { email: "mod@example.test", displayName: "Mo <Derator>", role: "moderator", password: "correct horse battery" });
      const { token } = await startSession(server.deps, { userId: moderator.id });
      await ctx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      await page.goto(server.url);
      expect(await page.locator(".masthead-account .count-badge").textContent()).toBe(String(pending));
      expect(await page.locator(".masthead-account a[href='/editor']").count()).toBe(0);
      expect(await page.locator(".masthead-account a[href='/account']").textContent()).toBe("Mo <Derator>");
      // The same cached page still goes to readers with the sign-in links.
      const readerCtx = await newContext(browser());
      const readerPage = await readerCtx.newPage();
      await readerPage.goto(server.url);
      expect(await readerPage.locator(".masthead-account").textContent()).toBe("Sign in Sign up");
      await readerCtx.close();
      await ctx.close();
    } finally {
      await server.cleanup();
    }
  });
});
