import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const browser = useBrowser();

async function moderatedServer() {
  const server = await startServer();
  const admin = await createUser(server.deps, { email: "admin@example.test", displayName: "Ada Admin", role: "admin", password: "correct horse battery" });
  await createUser(server.deps, { email: "mo@example.test", displayName: "Mo Derator", role: "moderator", password: "correct horse battery" });
  await updateModerationSettings(server.deps, { actor: admin, siteId: 1, changes: { commentMode: "moderated" } });
  const post = await server.makePost({ title: "Harbour levy vote" });
  return { server, post };
}

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/moderation`);
  await page.waitForURL(/\/login\?next=%2Fmoderation/);
  await page.fill("#login-email", "mo@example.test");
  await page.fill("#login-password", "correct horse battery");
  await page.click("main button[type=submit]");
  await page.waitForURL(/\/moderation$/);
}

describe("moderation in Chromium", () => {
  it("a moderator clears the queue with the keyboard: j/k to move, a approve, s spam, r remove", async () => {
    const { server, post } = await moderatedServer();
    try {
      const bodies = ["A fair point about the levy.", "BUY CHEAP WATCHES https://w.example https://w.example/2", "You are all idiots and so is the mayor.", "Another fair point."];
      const ids = [];
      for (const body of bodies) ids.push((await server.makeComment(post, { body })).comment.id);
      const page = await (await newContext(browser())).newPage();
      await signIn(page, server.url);
      expect(await page.locator("li.queue-item").count()).toBe(4);
      // The keys work once the page's script has run (it adds the status line first): pressed
      // before, they did nothing and the test waited for an item to go until it timed out.
      await page.waitForSelector(".queue-status", { state: "attached" });

      // Newest first: "Another fair point." is at the top.
      await page.keyboard.press("j");
      expect(await page.locator("li.queue-item.selected .queue-body").textContent()).toContain("Another fair point.");
      await page.keyboard.press("a");
      await page.waitForFunction(() => document.querySelectorAll("li.queue-item").length === 3);
      // The next item is selected by itself: the insult.
      expect(await page.locator("li.queue-item.selected .queue-body").textContent()).toContain("idiots");
      await page.keyboard.press("r");
      await page.waitForFunction(() => document.querySelectorAll("li.queue-item").length === 2);
      expect(await page.locator("li.queue-item.selected .queue-body").textContent()).toContain("WATCHES");
      await page.keyboard.press("s");
      await page.waitForFunction(() => document.querySelectorAll("li.queue-item").length === 1);
      // j past the end stays on the last item; k back up stays on the first.
      await page.keyboard.press("k");
      await page.keyboard.press("a");
      await page.waitForSelector("text=Nothing here. Well done.");
      expect(await page.locator(".queue-tabs .current .count").textContent()).toBe("0");
      expect(await page.locator(".queue-status").textContent()).toContain("done");

      const statuses = await Promise.all(ids.map(async (id) => (await server.deps.comments.findComment(id))?.status));
      expect(statuses).toEqual(["published", "spam", "removed_by_moderator", "published"]);
      const log = await server.deps.moderation.listLog({ limit: 10 });
      expect(log.filter((e) => e.actorName === "Mo Derator").map((e) => e.action)).toEqual(["approve", "spam", "remove", "approve"]);

      // Readers now see the two approved comments, and nothing of the other two.
      const reader = await (await newContext(browser())).newPage();
      await reader.goto(`${server.url}/posts/${post.slug}`);
      const text = await reader.locator(".discussion").textContent();
      expect(text).toContain("A fair point about the levy.");
      expect(text).toContain("Another fair point.");
      expect(text).not.toContain("WATCHES");
      expect(text).not.toContain("idiots");
    } finally {
      await server.cleanup();
    }
  });

  it("works without JavaScript: buttons and ticked boxes submit the page's form", async () => {
    const { server, post } = await moderatedServer();
    try {
      for (const body of ["First held.", "Second held.", "Third held."]) await server.makeComment(post, { body });
      const page = await (await newContext(browser(), { javaScriptEnabled: false })).newPage();
      await signIn(page, server.url);
      await page.locator("li.queue-item").first().locator("button", { hasText: "Approve" }).click();
      await page.waitForURL(/done=approve&n=1/);
      expect(await page.locator(".notice").textContent()).toBe("Approved 1 comment.");
      for (const box of await page.locator("li.queue-item input[type=checkbox]").all()) await box.check();
      await page.click("button[name=bulk][value=spam]");
      await page.waitForURL(/done=spam&n=2/);
      expect(await page.locator("li.queue-item").count()).toBe(0);
    } finally {
      await server.cleanup();
    }
  });
});
