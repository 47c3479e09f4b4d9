import { describe, expect, it } from "vitest";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

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
      await page.route(`**/api/v1/threads/${post.threadId}/events*`, async (route) => {
        await server.makeComment(post, { body: "Slipped in before the stream." });
        await route.continue();
      });
      await page.goto(`${server.url}/posts/${post.slug}`);
      await page.waitForFunction(() => document.querySelector("button.new-comments")?.textContent === "Show 1 new comment");
      await page.click("button.new-comments");
      expect(await page.locator("li.comment#c-1 .comment-body").textContent()).toBe("Slipped in before the stream.");
    } finally {
      await server.cleanup();
    }
  });
});
