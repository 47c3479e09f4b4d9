import { createUser } from "../../src/domain/users/create-user.js";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { describe, expect, it } from "vitest";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

/** Bodies, names and websites that have broken comment systems before (see SECURITY.md). */
const BODIES = [
  "<script>alert('body')</script>",
  "<img src=x onerror=alert('img')>",
  "<svg/onload=alert('svg')>",
  "[click](javascript:alert('md'))",
  "[click](JaVaScRiPt:alert('case'))",
  "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('entity'))",
  "[click](&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert('hex-no-semicolon'))",
  "[click](java&#9;script:alert('tab'))",
  "[click](&#0000106avascript:alert('padded'))",
  "[click]( \u0001javascript:alert('control'))",
  "<a href=\"javascript:alert('raw')\">raw</a>",
  "<iframe srcdoc=\"<script>parent.alert('iframe')</script>\">",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
  "`<script>alert('code')</script>`",
  "```\n</code></pre><script>alert('fence')</script>\n```",
  "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+)",
  "<details open ontoggle=print()>",
  "\"><script>alert('quote')</script>",
];
const NAMES = [
  "<script>alert('name')</script>",
  "\" onmouseover=\"alert('attr')",
  "'><img src=x onerror=alert('name-img')>",
  "\u202Egnp.exe\u202C harmless",
];
const WEBSITES = ["javascript:alert('site')", " JAVASCRIPT:alert('site2')", "https://ok.example/'onmouseover='alert(1)", "https://ok.example/\"><script>alert('site3')</script>"];

const browser = useBrowser();

describe("hostile comments in a real browser", () => {
  it("runs no script whatever readers write, through the API and the form", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "Target" });
      // Screening has its own tests; here every hostile text must reach the page, so the heuristics
      // that would hold repeats, swearing and link dumps are off, and the writer has a published comment.
      const admin = await createUser(server.deps, { email: "a@example.test", displayName: "Admin", role: "admin", password: "correct horse battery" });
      await updateModerationSettings(server.deps, { actor: admin, siteId: 1, changes: { profanityAction: "off", duplicateWindowMinutes: 0, holdLinksFromNewAt: 100 } });
      const api = (payload: object) =>
        server.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, payload: JSON.stringify(payload) });
      expect((await api({ body: "A first, ordinary comment." })).statusCode).toBe(201);
      let accepted = 0;
      for (const body of BODIES) if ((await api({ body })).statusCode === 201) accepted++;
      for (const authorName of NAMES) if ((await api({ body: "named", authorName })).statusCode === 201) accepted++;
      for (const authorWebsite of WEBSITES) if ((await api({ body: "site", authorName: "Site", authorWebsite })).statusCode === 201) accepted++;
      expect(accepted).toBeGreaterThanOrEqual(BODIES.length + NAMES.length + 2);

      // CSP would block inline handlers anyway; bypass it so this test proves the escaping itself.
      const ctx = await newContext(browser(), { bypassCSP: true });
      const calls: string[] = [];
      await ctx.exposeFunction("__reportScript", (what: string) => calls.push(what));
      await ctx.addInitScript(() => {
        const report = (what: string) => (window as unknown as { __reportScript: (w: string) => void }).__reportScript(what);
        window.alert = (m?: unknown) => report(`alert ${String(m)}`);
        window.confirm = (m?: unknown) => (report(`confirm ${String(m)}`), false);
        window.prompt = (m?: unknown) => (report(`prompt ${String(m)}`), null);
        window.print = () => report("print");
      });
      const page = await ctx.newPage();
      const foreign: string[] = [];
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (u.hostname !== "127.0.0.1") foreign.push(r.url());
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));

      // The form path too, with scripting on (the enhanced form posts through the API) ...
      await page.goto(`${server.url}/posts/${post.slug}`);
      await page.fill("#comment-form-body", "<img src=x onerror=alert('form')>");
      await page.fill("#comment-form-name", "<b onclick=alert('form-name')>x</b>");
      await page.click("#comment-form button[type=submit]");
      await page.waitForFunction(() => document.querySelectorAll("li.comment").length >= 24);
      // ... and a fresh load, so the server-rendered page is parsed as a whole.
      await page.reload();
      // Hover and click every link and name: event handlers and javascript: URLs only fire then.
      for (const link of await page.locator("li.comment a").all()) {
        await link.hover();
        const href = (await link.getAttribute("href")) ?? "";
        expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
      for (const link of await page.locator("li.comment .comment-body a").all()) await link.click({ modifiers: ["Alt"] }).catch(() => undefined);
      await page.waitForTimeout(300);
      expect(calls).toEqual([]);
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      expect(await page.locator("li.comment script, li.comment img, li.comment iframe, li.comment svg, li.comment details").count()).toBe(0);
      expect(await page.locator("li.comment bdi", { hasText: "<script>alert('name')</script>" }).count()).toBe(1);
      await ctx.close();
    } finally {
      await server.cleanup();
    }
  });
});
