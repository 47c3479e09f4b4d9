import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSession } from "../../src/domain/users/start-session.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const browser = useBrowser();
let server: Awaited<ReturnType<typeof startServer>>;
afterEach(async () => server?.cleanup());

const kind = (k: string) => `<category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#${k}"/>`;

/** A fresh server, an admin signed in (their session's token), and the export to upload written to a file of its own. */
async function adminWithUpload(name: string, contents: string) {
  server = await startServer();
  const admin = await server.deps.users.insertUser({ email: "a@example.test", displayName: "Admin", role: "admin", passwordHash: "x", createdAt: server.clock.now() });
  const { token } = await startSession(server.deps, { userId: admin.id });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-upload-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, contents);
  return { token, dir, file };
}

describe("the import page", () => {
  it("uploads a Blogger export, shows its progress, then the report; a second run adds nothing", async () => {
    const comments = Array.from({ length: 300 }, (_, i) =>
      `<entry><id>tag:blogger.com,1999:blog-1.post-${1000 + i}</id><published>2024-06-19T${String(10 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z</published>${kind("comment")}<content type="html">Comment ${i}</content><author><name>Reader ${i}</name></author><thr:in-reply-to ref="tag:blogger.com,1999:blog-1.post-10"/></entry>`,
    );
    const { token, dir, file } = await adminWithUpload(
      "blog.xml",
      `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<entry><id>tag:blogger.com,1999:blog-1.post-10</id><published>2024-06-19T09:00:00Z</published>${kind("post")}<title>Sea wall</title><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><link rel="alternate" href="https://x.blogspot.com/2024/06/sea-wall.html"/><author><name>Ed</name></author></entry>
${comments.join("\n")}</feed>`,
    );
    try {
      const ctx = await newContext(browser());
      await ctx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      const page = await ctx.newPage();
      for (const expected of [/Posts: added 1, already here 0\.\nComments: added 300/, /Nothing new/]) {
        await page.goto(`${server.url}/admin/import`);
        await page.setInputFiles("#import-file", file);
        await page.click("form.post-form button[type=submit]");
        await page.waitForSelector("[data-import-state=done]", { timeout: 20_000 });
        expect(await page.textContent(".import-report")).toMatch(expected);
        expect(await page.getAttribute("#import-progress", "value")).toBe(String(fs.statSync(file).size));
      }
      const post = await server.deps.posts.findPostBySlug("sea-wall");
      expect((await server.deps.comments.listThreadComments(post?.threadId ?? 0)).length).toBe(300);
      expect(fs.readdirSync(path.join(server.config.dataDir, "imports"))).toEqual([]); // the upload is gone
      await ctx.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the line, column and entry where a malformed export stops, and imports none of its held comments", async () => {
    const { token, dir, file } = await adminWithUpload(
      "broken.xml",
      `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<entry><id>tag:blogger.com,1999:blog-1.post-10</id><published>2024-06-19T09:00:00Z</published>${kind("post")}<title>Sea wall</title><content type="html">Body</content><author><name>Ed</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-11</id><published>2024-06-19T10:00:00Z</published>${kind("comment")}<content type="html">Fine</content><thr:in-reply-to ref="tag:blogger.com,1999:blog-1.post-10"/></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-12</id><published>2024-06-19T11:00:00Z</published>${kind("comment")}<content type="html">Broken</contnet></entry>
</feed>`,
    );
    try {
      const ctx = await newContext(browser());
      await ctx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/admin/import`);
      await page.setInputFiles("#import-file", file);
      await page.click("form.post-form button[type=submit]");
      await page.waitForSelector("[data-import-state=failed]", { timeout: 20_000 });
      expect(await page.textContent("[data-import-state=failed] .form-error")).toMatch(/line 4, column \d+ \(in entry tag:blogger\.com,1999:blog-1\.post-12\)/);
      const post = await server.deps.posts.findPostBySlug("sea-wall");
      expect(await server.deps.comments.listThreadComments(post?.threadId ?? 0)).toEqual([]);
      await ctx.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
