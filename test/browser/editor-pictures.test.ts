import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/users/create-user.js";
import { startSession } from "../../src/domain/users/start-session.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const browser = useBrowser();

describe("pictures in the editor, in Chromium", () => {
  it("a picture dropped into the text is uploaded and written as Markdown with its description selected; once described, the post shows it with srcset", async () => {
    const server = await startServer();
    try {
      const editor = await createUser(server.deps, { email: "pic@example.test", displayName: "Pic Editor", role: "editor", password: "correct horse battery" });
      const { token } = await startSession(server.deps, { userId: editor.id });
      const ctx = await newContext(browser());
      await ctx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/editor/posts/new`);
      await page.fill("#post-title", "Gates at dawn");
      await page.fill("#post-body", "The gates closed.");
      await page.focus("#post-body");
      await page.evaluate(() => {
        const t = document.querySelector<HTMLTextAreaElement>("#post-body")!;
        t.setSelectionRange(t.value.length, t.value.length);
      });
      const png = fs.readFileSync("public/media/sea-wall.png").toString("base64");
      await page.evaluate(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], "gates.png", { type: "image/png" }));
        document.querySelector("#post-body")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, png);
      await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>("#post-body")!.value.includes("![Describe the picture](/media/"));
      const selected = await page.evaluate(() => {
        const t = document.querySelector<HTMLTextAreaElement>("#post-body")!;
        return t.value.slice(t.selectionStart, t.selectionEnd);
      });
      expect(selected).toBe("Describe the picture");
      // Saving with the placeholder is refused; typing the description over the selection fixes it.
      await page.check("input[name=publish][value=now]");
      await page.click("button[value=save]");
      await page.waitForSelector("text=Describe every picture for readers who cannot see it");
      const value = await page.inputValue("#post-body");
      await page.fill("#post-body", value.replace("Describe the picture", "The harbour gates at dawn"));
      await page.click("button[value=save]");
      await page.waitForURL(/saved=1/);
      await page.goto(`${server.url}/posts/gates-at-dawn`);
      const img = page.locator(".post-body img");
      expect(await img.getAttribute("alt")).toBe("The harbour gates at dawn");
      expect(await img.getAttribute("srcset")).toMatch(/-w480\.png 480w, .*-w960\.png 960w, .*\.png 1200w$/);
      // The browser picked a copy and loaded it.
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => (document.querySelector<HTMLImageElement>(".post-body img")?.naturalWidth ?? 0) > 0);
      await ctx.close();
    } finally {
      await server.cleanup();
    }
  });
});
