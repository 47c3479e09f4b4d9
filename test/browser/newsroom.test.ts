import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/users/create-user.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const browser = useBrowser();

describe("the newsroom in Chromium", () => {
  it("signs in, drafts with a live preview, uploads a lead image, publishes, schedules, restores a revision and searches", async () => {
    const server = await startServer();
    try {
      await createUser(server.deps, { email: "ed@example.test", displayName: "Ed Itor", role: "editor", password: "correct horse battery" });
      const ctx = await newContext(browser());
      const page = await ctx.newPage();

      // Sign in, and land on the editor we asked for.
      await page.goto(`${server.url}/editor`);
      await page.waitForURL(/\/login\?next=%2Feditor/);
      await page.fill("#login-email", "ed@example.test");
      await page.fill("#login-password", "correct horse battery");
      await page.click("main button[type=submit]");
      await page.waitForURL(/\/editor$/);

      // Draft with a live preview and a lead image.
      await page.click("text=New post");
      await page.fill("#post-title", "Harbour gates tested");
      await page.fill("#post-body", "The gates closed in **ninety** seconds during the quayside drill.");
      await page.waitForFunction(() => document.querySelector("[data-preview]")?.innerHTML.includes("<strong>ninety</strong>"));
      await page.setInputFiles("#post-leadImageFile", "public/media/sea-wall.png");
      await page.fill("#post-leadImageCaption", "The gates at dawn");
      await page.check("input[name=publish][value=draft]");
      await page.click("button[value=save]");
      await page.waitForURL(/\/editor\/posts\/\d+\?saved=1/);
      expect(await page.inputValue("#post-leadImageUrl")).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
      const editUrl = page.url().replace(/\?.*$/, "");

      // Publish: on the front page under today's date, and in the feed.
      await page.check("input[name=publish][value=now]");
      await page.click("button[value=save]");
      await page.waitForURL(/saved=1/);
      await page.goto(`${server.url}/`);
      const today = new Intl.DateTimeFormat("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(server.clock.now());
      const firstDay = page.locator("section.day").first();
      expect(await firstDay.locator(".date-header").textContent()).toBe(today);
      expect(await firstDay.locator("h3").first().textContent()).toBe("Harbour gates tested");
      const feed = await (await ctx.request.get(`${server.url}/feeds/posts.atom`)).text();
      expect(feed).toContain("Harbour gates tested");
      await page.click("text=Harbour gates tested");
      expect(await page.locator(".lead-image img").evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1200);

      // Edit, then restore the first revision.
      await page.goto(editUrl);
      await page.fill("#post-body", "Rewritten body about the gates.");
      await page.click("button[value=save]");
      await page.waitForURL(/saved=1/);
      await page.click("text=Revisions");
      await page.locator("form button:text('Restore this version')").last().click();
      await page.waitForURL(/saved=1/);
      expect(await page.inputValue("#post-body")).toContain("**ninety** seconds");

      // Schedule one for an hour ahead: it appears when the (fake) clock passes.
      await page.goto(`${server.url}/editor/posts/new`);
      await page.fill("#post-title", "Night ferry timetable");
      await page.fill("#post-body", "Sailings resume at ten.");
      await page.check("input[name=publish][value=schedule]");
      await page.fill("#post-publishAt", new Date(server.clock.now() + 3600_000).toISOString().slice(0, 16));
      await page.click("button[value=save]");
      await page.waitForURL(/saved=1/);
      expect((await page.request.get(`${server.url}/posts/night-ferry-timetable`)).status()).toBe(404);
      server.clock.advance(2 * 3600_000);
      await page.goto(`${server.url}/`);
      expect(await page.locator(".post-summary h3").allTextContents()).toContain("Night ferry timetable");

      // Search finds the post by a word of its body, and a comment by a word of its text.
      const post = await server.deps.posts.findPostBySlug("harbour-gates-tested");
      await server.makeComment(post as NonNullable<typeof post>, { body: "The drill flooded the car park anyway." });
      await page.fill(".masthead-search input", "quayside");
      await page.press(".masthead-search input", "Enter");
      await page.waitForURL(/\/search\?q=quayside/);
      expect(await page.locator(".search-results li a").first().textContent()).toBe("Harbour gates tested");
      expect(await page.locator(".search-results mark").first().textContent()).toBe("quayside");
      await page.click("text=Comments");
      expect(await page.locator(".search-results li").count()).toBe(0);
      await page.goto(`${server.url}/search?q=car+park&kind=comments`);
      expect(await page.locator(".search-results li a").first().textContent()).toContain("#1 on “Harbour gates tested”");
      await ctx.close();
    } finally {
      await server.cleanup();
    }
  });
});
