import { describe, expect, it } from "vitest";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";
import { fillThread } from "../helpers/long-thread.js";

const browser = useBrowser();

describe("a live thread in Chromium", () => {
  it("shows another reader's comments behind a 'new comments' bar, then in place, numbered and nested, without moving the page", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "Live harbour debate", body: "Body text.\n\n".repeat(80) });
      const first = await server.makeComment(post, { body: "The first comment, there before anyone." });
      const page = await (await newContext(browser())).newPage();
      await page.goto(`${server.url}/posts/${post.slug}`);
      await page.evaluate(() => window.scrollTo(0, 400));
      await page.waitForTimeout(300); // the stream connects

      // Another reader, elsewhere, posts a comment and a reply to the first comment.
      const other = await (await newContext(browser())).newPage();
      for (const payload of [{ body: "Arrived while you were reading." }, { body: "A reply to the first.", parentId: first.comment.id }]) {
        const res = await other.request.post(`${server.url}/api/v1/threads/${post.threadId}/comments`, { data: payload, headers: { origin: server.url } });
        expect(res.status()).toBe(201);
      }

      const bar = page.locator("button.new-comments");
      await bar.waitFor({ state: "visible" });
      await page.waitForFunction(() => document.querySelector("button.new-comments")?.textContent === "Show 2 new comments");
      expect(await page.evaluate(() => window.scrollY)).toBe(400);
      expect(await page.locator("li.comment").count()).toBe(1);

      await bar.click();
      expect(await bar.isHidden()).toBe(true);
      expect(await page.locator("li.comment#c-2 .comment-body").textContent()).toBe("Arrived while you were reading.");
      expect(await page.locator("li.comment#c-1 > section.replies li.comment#c-1-1 .comment-body").textContent()).toBe("A reply to the first.");
      expect(await page.locator("[data-comment-count]").textContent()).toBe("3");
    } finally {
      await server.cleanup();
    }
  });

  it("catches up after missing events: a page older than the thread resyncs from the thread itself", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "Catch-up" });
      const page = await (await newContext(browser())).newPage();
      // The page is rendered, then a comment lands before the page's stream connects.
      let slipped = false;
      await page.route(`**/api/v1/threads/${post.threadId}/events*`, async (route) => {
        // Once: the stream reconnects after the server stops, and must not post into a closed database then.
        if (!slipped) await server.makeComment(post, { body: "Slipped in before the stream." });
        slipped = true;
        await route.continue();
      });
      await page.goto(`${server.url}/posts/${post.slug}`);
      await page.waitForFunction(() => document.querySelector("button.new-comments")?.textContent === "Show 1 new comment");
      await page.click("button.new-comments");
      expect(await page.locator("li.comment#c-1 .comment-body").textContent()).toBe("Slipped in before the stream.");
      await page.context().close();
    } finally {
      await server.cleanup();
    }
  });

  it("does not offer the reader's own comment as new, even when the stream announces it before the POST answers; the bar is readable", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "Own comment" });
      const page = await (await newContext(browser())).newPage();
      // Hold the POST's answer back until the stream has surely announced the comment.
      await page.route(`**/api/v1/threads/${post.threadId}/comments`, async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        const answer = await route.fetch();
        await new Promise((r) => setTimeout(r, 500));
        await route.fulfill({ response: answer });
      });
      await page.goto(`${server.url}/posts/${post.slug}`);
      await page.waitForTimeout(300); // the stream connects
      await page.fill("#comment-form-body", "My own words.");
      await page.click("#comment-form button[type=submit]");
      await page.waitForSelector("li.comment#c-1.just-posted");
      await page.waitForTimeout(200);
      expect(await page.locator("button.new-comments").isHidden()).toBe(true);
      expect(await page.locator("li.comment").count()).toBe(1);

      // Another reader's comment shows the bar: dark text on its pale ground (WCAG AA, 4.5:1 or more).
      await server.makeComment(post, { body: "Someone else." });
      await page.waitForSelector("button.new-comments:not([hidden])");
      const ratio = await page.evaluate(() => {
        const style = getComputedStyle(document.querySelector("button.new-comments") as Element);
        const lum = (css: string) => {
          const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
        };
        const [hi, lo] = [lum(style.color), lum(style.backgroundColor)].sort((a, b) => b - a);
        return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
      });
      expect(ratio).toBeGreaterThanOrEqual(4.5);
      await page.context().close();
    } finally {
      await server.cleanup();
    }
  });

  it("offers a new comment only on the page of a long discussion where it belongs", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "A very long debate" });
      await fillThread(server, post.threadId, 700); // 2,100 comments: two pages
      const ctx = await newContext(browser());
      const open = async (address: string) => {
        const page = await ctx.newPage();
        await page.goto(`${server.url}${address}`);
        await page.waitForTimeout(300); // the stream connects
        return page;
      };
      const first = await open(`/posts/${post.slug}`);
      const next = await first.getAttribute("a[rel=next]", "href");
      const last = await open(next!.replace(/#.*/, ""));
      const newest = await open(`/posts/${post.slug}?sort=newest`);
      const idOf = (page: typeof first, sel: string) => page.getAttribute(sel, "data-id");
      const firstRootId = Number(await idOf(first, "li#c-1"));
      const lastRootId = Number(await idOf(last, "li#c-700"));
      const other = await (await newContext(browser())).newPage();
      for (const payload of [{ body: "A new top-level comment." }, { body: "A late answer to the first.", parentId: firstRootId }, { body: "An answer to the last.", parentId: lastRootId }]) {
        const res = await other.request.post(`${server.url}/api/v1/threads/${post.threadId}/comments`, { data: payload, headers: { origin: server.url } });
        expect(res.status()).toBe(201);
      }
      const barText = (page: typeof first, text: string) => page.waitForFunction((t) => document.querySelector("button.new-comments")?.textContent === t, text);
      // The first page holds #1 (so the answer to it) but not the new top-level comment, which is #701.
      await barText(first, "Show 1 new comment");
      await barText(last, "Show 2 new comments");
      await barText(newest, "Show 2 new comments");
      await first.click("button.new-comments");
      expect(await first.locator("li#c-1 li.comment .comment-body").last().textContent()).toBe("A late answer to the first.");
      expect(await first.locator("li#c-701").count()).toBe(0);
      await last.click("button.new-comments");
      expect(await last.locator("ol.top-level > li.comment").last().getAttribute("id")).toBe("c-701");
      // Newest first: the new comment goes on top, where the server would put it.
      await newest.click("button.new-comments");
      expect(await newest.locator("ol.top-level > li.comment").first().getAttribute("id")).toBe("c-701");
      await ctx.close();
      await other.context().close();
    } finally {
      await server.cleanup();
    }
  });
});
