import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";
import { linkIn, startSmtpSink } from "../helpers/smtp-sink.js";

const browser = useBrowser();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
afterEach(async () => {
  await server?.cleanup();
  await sink?.close();
});

/** Mail links carry the public URL; the test server listens elsewhere, so go to the same path there. */
const onServer = (link: string) => server!.url + new URL(link).pathname + new URL(link).search + new URL(link).hash;

async function nextMail(n: number) {
  await server!.deps.outboxWorker.runOnce();
  return (await sink!.waitFor(n))[n - 1]!;
}

const order = (page: Page) => page.$$eval("#comments > ol > li.comment > article .comment-body", (els) => els.map((e) => e.textContent?.trim() ?? ""));

describe("a reader's journey in Chromium", () => {
  it("signs up, verifies, comments with notifications, is told of a reply, unsubscribes in a click, resets the password and deletes the account", async () => {
    sink = await startSmtpSink();
    server = await startServer({ env: { SMTP_URL: sink.url } });
    const post = await server.makePost({ title: "The harbour vote", slug: "harbour-vote" });
    const ctx = await newContext(browser());
    const page = await ctx.newPage();

    // Sign up from the masthead.
    await page.goto(`${server.url}/posts/harbour-vote`);
    await page.click(".masthead-account >> text=Sign up");
    await page.fill("#signup-name", "Mei Lin");
    await page.fill("#signup-email", "mei@example.test");
    await page.fill("#signup-password", "a long enough password");
    await page.click("button:has-text('Sign up')");
    await page.waitForSelector("text=Check your inbox");
    const verify = await nextMail(1);
    expect(verify.subject).toBe("Confirm your e-mail address for Test Gazette");
    await page.goto(onServer(linkIn(verify, "http://127.0.0.1:3000/account/verify?token=")));
    await page.click("button:has-text('Confirm my address')");
    await page.waitForSelector("text=Thank you: your address is confirmed.");

    // Comment with notifications on (the page's script posts it).
    await page.goto(`${server.url}/posts/harbour-vote`);
    await page.fill("#comment-form-body", "The wall should be higher.");
    await page.check("#comment-form input[name=notify]");
    await page.click("#comment-form button[type=submit]");
    await page.waitForSelector("#c-1 .comment-body >> text=The wall should be higher.");

    // Another reader, a guest in another browser, replies to it.
    const other = await newContext(browser());
    const guest = await other.newPage();
    await guest.goto(`${server.url}/posts/harbour-vote`);
    await guest.click("#c-1 .reply");
    const replyForm = guest.locator("#c-1 form.comment-form");
    await replyForm.locator("textarea").fill("Higher walls cost more, Mei.");
    await replyForm.locator("input[name=authorName]").fill("Ravi");
    await replyForm.locator("button[type=submit]").click();
    await guest.waitForSelector("#c-1-1 .comment-body >> text=Higher walls cost more");

    const note = await nextMail(2);
    expect((note.to as { text: string }).text).toBe("mei@example.test");
    expect(note.subject).toBe("New reply to your comment on “The harbour vote”");
    // Opened later, from the mail (not a jump within the page still open).
    await page.goto(`${server.url}/account`);
    await page.goto(onServer(linkIn(note, "http://127.0.0.1:3000/posts/")));
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#c-1-1");
    expect(await page.locator("#c-1-1 .comment-body").textContent()).toContain("Higher walls cost more");
    await page.goto(onServer(linkIn(note, "http://127.0.0.1:3000/unsubscribe?")));
    await page.click("button:has-text('Stop them')");
    await page.waitForSelector("text=no more e-mails of this kind");
    await guest.reload();
    await guest.click("#c-1 .reply");
    await guest.locator("#c-1 form.comment-form textarea").fill("One more thing.");
    await guest.locator("#c-1 form.comment-form button[type=submit]").click();
    await guest.waitForSelector("text=One more thing.");
    await server.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(2);

    // Sorting, with the page's script and without it: the links work alike.
    await server.makeComment(post, { body: "A later top-level comment." });
    await guest.reload();
    await guest.click(".thread-sort >> text=newest");
    expect((await guest.locator(".thread-sort a[aria-current=true]").textContent())?.trim()).toBe("newest");
    const plain = await newContext(browser(), { javaScriptEnabled: false });
    const noJs = await plain.newPage();
    await noJs.goto(`${server.url}/posts/harbour-vote?sort=newest`);
    expect(await order(noJs)).toEqual(["A later top-level comment.", "The wall should be higher."]);
    await noJs.goto(`${server.url}/posts/harbour-vote`);
    expect(await order(noJs)).toEqual(["A later top-level comment.", "The wall should be higher."]); // remembered

    // Votes: with the script the score changes in place and the page stays; pressing again takes it back.
    const here = guest.url();
    const score = (p: typeof guest) => p.locator("#c-1 > article [data-score]").textContent();
    await guest.click("#c-1 > article .vote-up");
    await expect.poll(() => score(guest)).toBe("1");
    expect(await guest.locator("#c-1 > article .vote-up").getAttribute("aria-pressed")).toBe("true");
    expect(guest.url()).toBe(here);
    await guest.click("#c-1 > article .vote-up");
    await expect.poll(() => score(guest)).toBe("0");
    // Without it, the form posts and the page comes back at the comment, counted.
    await noJs.click("#c-1 > article .vote-up");
    await noJs.waitForURL(/#c-1$/);
    expect(await score(noJs)).toBe("1");
    await plain.close();

    // Forgot the password: sign out, ask for a link, choose a new one.
    await page.goto(`${server.url}/account`);
    await page.click("button:has-text('Sign out')");
    await page.goto(`${server.url}/login`);
    await page.click("text=Forgot your password?");
    await page.fill("#reset-email", "mei@example.test");
    await page.click("button:has-text('Send me a link')");
    await page.waitForSelector("text=Check your inbox");
    const reset = await nextMail(3);
    await page.goto(onServer(linkIn(reset, "http://127.0.0.1:3000/account/reset?token=")));
    await page.fill("#new-password", "a brand new password");
    await page.click("button:has-text('Set the password')");
    await page.waitForSelector("text=Your new password is set.");

    // Delete the account; the comment stays, as Anonymous.
    page.on("dialog", (d) => void d.accept());
    await page.check("input[name=comments][value=anonymise]");
    await page.fill("#delete-password", "a brand new password");
    await page.click("button:has-text('Delete my account for good')");
    await page.waitForSelector("text=Account deleted");
    await page.goto(`${server.url}/posts/harbour-vote?sort=oldest`);
    expect(await page.locator("#c-1 > article .author").textContent()).toBe("Anonymous");
    expect(await server.deps.users.findUserByEmail("mei@example.test")).toBeUndefined();
    await other.close();
    await ctx.close();
  }, 60_000);
});
