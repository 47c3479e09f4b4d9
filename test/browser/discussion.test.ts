import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const SAMPLE = "/posts/coastal-councils-sign-joint-flood-defence-pact";
const browser = useBrowser();
let server: Awaited<ReturnType<typeof startServer>>;

afterEach(async () => server?.cleanup());

/** The number paths of the comments shown, in document order; tombstones marked with †. */
async function shownPaths(page: Page): Promise<string[]> {
  return page.$$eval("li.comment", (lis) => lis.map((li) => `${li.classList.contains("tombstone") ? "†" : ""}${(li as HTMLElement).dataset.path}`));
}

describe("the sample post in Chromium", () => {
  it("shows numbering with a skipped removed comment, nesting, a tombstone and the view count", async () => {
    server = await startServer({ sampleContent: true });
    const ctx = await newContext(browser());
    const page = await ctx.newPage();
    await page.goto(server.url + SAMPLE);
    expect(await page.textContent(".view-count")).toBe("1");
    const paths = await shownPaths(page);
    expect(paths).toEqual(["1", "1.1", "2", "4", "4.1", "4.2", "4.2.1", "4.2.2", "5", "6", "6.1", "6.2", "†7", "7.1", "8"]);
    expect(await page.locator("#c-4-2-1").evaluate((el) => el.parentElement?.closest("li.comment")?.id)).toBe("c-4-2");
    expect(await page.locator("#c-7 .removed").textContent()).toBe("This comment has been removed by the author.");
    expect(await page.locator("#c-4-2-2 .replying-to").textContent()).toContain("#4.2.1");
    expect(await page.locator("#c-4-2 > article .comment-body").textContent()).toContain("亡羊补牢");
    expect(await page.locator("#c-4-2 > article .number").textContent()).toBe("2.");
    // Another reader (a different agent) is one more view; the same reader again is not.
    const other = await browser().newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" });
    await (await other.newPage()).goto(server.url + SAMPLE);
    await page.reload();
    expect(await page.textContent(".view-count")).toBe("2");
    await other.close();
    await ctx.close();
  });
});

describe("a page served from a cache", () => {
  it("counts its view through the beacon, once", async () => {
    server = await startServer({ sampleContent: true });
    const ctx = await newContext(browser());
    const page = await ctx.newPage();
    // Stand in for a CDN: serve an hour-old copy of the page instead of asking the server.
    const stale = (await (await fetch(server.url + SAMPLE, { headers: { "user-agent": "curl/8.0" } })).text()).replace(
      /data-served-at="\d+"/,
      `data-served-at="${Date.now() - 3600_000}"`,
    );
    await page.route(server.url + SAMPLE, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: stale }));
    const beacon = page.waitForRequest((r) => r.url().endsWith(`/api/v1/threads/${/data-thread-id="(\d+)"/.exec(stale)?.[1]}/views`) && r.method() === "POST");
    await page.goto(server.url + SAMPLE);
    await beacon;
    const post = await server.deps.posts.findPostBySlug(SAMPLE.slice("/posts/".length));
    await expect.poll(() => server.deps.views.totalFor(post?.threadId ?? 0, 0)).toBe(1);
    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(server.deps.views.totalFor(post?.threadId ?? 0, 0)).toBe(1);
    await ctx.close();
  });
});

describe("commenting with JavaScript on", () => {
  it("posts a comment and a reply in place, edits one and removes one, without reloading", async () => {
    server = await startServer({ sampleContent: true });
    const ctx = await newContext(browser());
    const page = await ctx.newPage();
    await page.goto(server.url + SAMPLE);
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    await page.fill("#comment-form-body", "Fresh from the **browser**");
    await page.fill("#comment-form-name", "Juno");
    await page.click("#comment-form button[type=submit]");
    await page.waitForSelector("#c-9");
    expect(await page.locator("#c-9 .comment-body").innerHTML()).toBe("<p>Fresh from the <strong>browser</strong></p>");
    expect(await page.locator("#c-9 .author").textContent()).toBe("Juno");
    expect(await page.inputValue("#comment-form-body")).toBe("");
    expect(await page.textContent("[data-comment-count]")).toBe("15");

    await page.click("#c-2 > article a.reply");
    const replyForm = page.locator("#c-2 > article form.reply-form");
    await replyForm.locator("textarea").fill("Replying in place");
    await replyForm.locator("button[type=submit]").click();
    await page.waitForSelector("#c-2-1");
    expect(await page.locator("#c-2-1").evaluate((el) => el.parentElement?.closest("li.comment")?.id)).toBe("c-2");
    expect(await replyForm.count()).toBe(0);

    await page.click("#c-9 > article button:text('Edit')");
    await page.fill("#c-9 form.edit-form textarea", "Edited *text*");
    await page.click("#c-9 form.edit-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#c-9 .comment-body")?.innerHTML === "<p>Edited <em>text</em></p>");
    expect(await page.locator("#c-9 .edited").count()).toBe(1);

    await page.click("#c-2-1 > article button:text('Remove')");
    await page.click("#c-2-1 > article button:text('Really remove?')");
    await page.waitForSelector("#c-2-1", { state: "detached" });
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

    // What the browser showed is what the server stored.
    await page.reload();
    const paths = await shownPaths(page);
    expect(paths).toContain("9");
    expect(paths).not.toContain("2.1");
    expect(await page.locator("#c-9 .comment-body").innerHTML()).toBe("<p>Edited <em>text</em></p>");
    await ctx.close();
  });

  it("keeps the text and names the problem when the server refuses", async () => {
    server = await startServer({ sampleContent: true });
    const ctx = await newContext(browser());
    const page = await ctx.newPage();
    await page.goto(server.url + SAMPLE);
    await page.fill("#comment-form-body", "My considered view");
    await page.fill("#comment-form-website", "javascript:alert(1)");
    await page.click("#comment-form button[type=submit]");
    await page.waitForSelector("#comment-form .field-error");
    expect(await page.textContent("#comment-form .field-error")).toMatch(/website/i);
    expect(await page.inputValue("#comment-form-body")).toBe("My considered view");
    expect(await page.getAttribute("#comment-form-website", "aria-invalid")).toBe("true");
    await ctx.close();
  });
});

describe("commenting with JavaScript off", () => {
  it("posts a comment and a reply through plain forms and removes one", async () => {
    server = await startServer({ sampleContent: true });
    const ctx = await newContext(browser(), { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(server.url + SAMPLE);
    await page.fill("#comment-form-body", "No script needed");
    await page.click("#comment-form button[type=submit]");
    await page.waitForURL(/#c-9$/);
    expect(await page.locator("#c-9 .comment-body").textContent()).toBe("No script needed");
    expect(await page.locator("#c-9 .author").textContent()).toBe("Anonymous");

    await page.click("#c-6 > article a.reply");
    await page.waitForURL(/\/comments\/\d+\/reply/);
    await page.fill("#comment-form-body", "A reply without script");
    await page.click("#comment-form button[type=submit]");
    await page.waitForURL(/#c-6-3$/);
    expect(await page.locator("#c-6-3").evaluate((el) => el.parentElement?.closest("li.comment")?.id)).toBe("c-6");

    await page.click("#c-9 >> text=Edit or remove");
    await page.click("button:text('Remove comment')");
    await page.waitForURL(/#comments$/);
    const paths = await shownPaths(page);
    expect(paths).not.toContain("9");
    expect(paths).toContain("6.3");
    await ctx.close();
  });
});
