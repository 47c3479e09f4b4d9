import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

/** Values that have broken feeds and feed readers: markup, CDATA ends (several), XML-forbidden characters. */
const HOSTILE = [
  "<img src=x onerror=alert('img')>",
  "x]]><link href=\"https://evil.example/\"/><title>spoof</title>",
  "]]>]]><script>alert('cdata')</script>]]>",
  "&lt;script&gt;alert('entity')&lt;/script&gt;",
  "\u0001\u0008 control \uFFFE <svg onload=alert('svg')>",
];

const browser = useBrowser();

describe("feeds in a feed reader", () => {
  it("stay well-formed and run nothing, whatever editors and readers wrote into them", async () => {
    const server = await startServer({ env: { BROADSHEET_PUBLIC_URL: "http://127.0.0.1:9" } });
    try {
      const admin = await createUser(server.deps, { email: "a@example.test", displayName: HOSTILE[1] as string, role: "admin", password: "correct horse battery" });
      await updateModerationSettings(server.deps, { actor: admin, siteId: 1, changes: { profanityAction: "off", duplicateWindowMinutes: 0, holdLinksFromNewAt: 100 } });
      const posts = [];
      for (const [i, value] of HOSTILE.entries()) {
        posts.push(
          await server.makePost({ title: `${value} ${i}`, slug: `p${i}`, standfirst: value, body: `${value}\n\nBody ${i}.`, labels: ["hostile"], authorId: admin.id }),
        );
      }
      const first = posts[0]!;
      for (const value of HOSTILE) await server.makeComment(first, { body: value, authorName: `${value.slice(0, 52)} (guest)` });

      const urls = ["/feeds/posts.atom", "/feeds/posts.rss", "/labels/hostile/feed.atom", "/labels/hostile/feed.rss", "/feeds/comments.atom", `/posts/${first.slug}/comments.atom`];
      const ctx = await newContext(browser());
      const calls: string[] = [];
      await ctx.exposeFunction("__reportScript", (what: string) => calls.push(what));
      await ctx.addInitScript(() => {
        const report = (what: string) => (window as unknown as { __reportScript: (w: string) => void }).__reportScript(what);
        window.alert = (m?: unknown) => report(`alert ${String(m)}`);
        window.print = () => report("print");
      });
      const page = await ctx.newPage();
      const foreign: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(server.url) && !r.url().startsWith("about:")) foreign.push(r.url());
      });
      await page.goto(`${server.url}/robots.txt`);

      for (const url of urls) {
        const res = await server.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(XMLValidator.validate(res.body), url).toBe(true);
        // A feed reader: parse strictly, then show each field as its type says (RSS descriptions are HTML).
        const seen = await page.evaluate((xml) => {
          const doc = new DOMParser().parseFromString(xml, "application/xml");
          if (doc.getElementsByTagName("parsererror").length > 0) return { error: doc.documentElement.textContent ?? "parse error" };
          const items = [...doc.querySelectorAll("entry, item")];
          const links = [...doc.querySelectorAll("link")].map((l) => l.getAttribute("href") ?? l.textContent ?? "");
          for (const item of items) {
            for (const field of [...item.children]) {
              const box = document.createElement("div");
              const html = field.getAttribute("type") === "html" || field.localName === "description";
              if (html) box.innerHTML = field.textContent ?? "";
              else box.textContent = field.textContent ?? "";
              document.body.append(box);
            }
          }
          return { entries: items.length, links, titles: items.map((i) => i.querySelector("title")?.textContent ?? "") };
        }, res.body);
        expect(seen, url).not.toHaveProperty("error");
        const { entries, links, titles } = seen as { entries: number; links: string[]; titles: string[] };
        expect(entries, url).toBe(url.includes("comments") ? HOSTILE.length : posts.length);
        // No value ended its element and added a link of its own.
        expect(links.filter((l) => !l.startsWith("http://127.0.0.1:9")), url).toEqual([]);
        // Names and titles arrive as the text that was written (less what XML cannot carry).
        if (!url.includes("comments")) expect(titles.some((t) => t.includes("<img src=x onerror=alert('img')>")), url).toBe(true);
      }
      await page.waitForTimeout(200);
      expect(calls).toEqual([]);
      expect(foreign).toEqual([]);
      expect(await page.locator("body script, body img[onerror], body svg").count()).toBe(0);
      await ctx.close();
    } finally {
      await server.cleanup();
    }
  });

  it("gives every Atom feed an author and an <updated> no older than its newest entry", async () => {
    const server = await startServer();
    try {
      const post = await server.makePost({ title: "Tides" });
      server.clock.advance(60_000);
      await server.makeComment(post, { body: "Later comment." });
      for (const url of ["/feeds/posts.atom", "/feeds/comments.atom", `/posts/${post.slug}/comments.atom`]) {
        const body = (await server.app.inject({ url })).body;
        const feedUpdated = Date.parse(/<feed[^>]*>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(body)?.[1] ?? "");
        const entryTimes = [...body.matchAll(/<entry>[\s\S]*?<\/entry>/g)].flatMap((m) => [...m[0].matchAll(/<(?:updated|published)>([^<]+)</g)].map((t) => Date.parse(t[1] ?? "")));
        expect(entryTimes.length, url).toBeGreaterThan(0);
        expect(feedUpdated, url).toBeGreaterThanOrEqual(Math.max(...entryTimes));
        expect(body, url).toMatch(/<feed[^>]*>[\s\S]*?<author><name>[^<]+<\/name><\/author>/);
      }
    } finally {
      await server.cleanup();
    }
  });
});
