import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/domain/imports/run-import.js";
import { readWordPressExport } from "../../src/imports/wordpress-reader.js";
import { dialects } from "../helpers/world.js";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  await w?.cleanup();
});

function wpComment(id: number, o: { author: string; content: string; date: string; approved?: string; parent?: number; type?: string; url?: string }) {
  return `<wp:comment>
    <wp:comment_id>${id}</wp:comment_id>
    <wp:comment_author><![CDATA[${o.author}]]></wp:comment_author>
    <wp:comment_author_email><![CDATA[reader${id}@example.test]]></wp:comment_author_email>
    <wp:comment_author_url>${o.url ?? ""}</wp:comment_author_url>
    <wp:comment_author_IP><![CDATA[203.0.113.${id}]]></wp:comment_author_IP>
    <wp:comment_date><![CDATA[2024-06-19 12:00:00]]></wp:comment_date>
    <wp:comment_date_gmt><![CDATA[${o.date}]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[${o.content}]]></wp:comment_content>
    <wp:comment_approved><![CDATA[${o.approved ?? "1"}]]></wp:comment_approved>
    <wp:comment_type><![CDATA[${o.type ?? "comment"}]]></wp:comment_type>
    <wp:comment_parent>${o.parent ?? 0}</wp:comment_parent>
    <wp:comment_user_id>0</wp:comment_user_id>
    <wp:commentmeta><wp:meta_key><![CDATA[akismet_result]]></wp:meta_key><wp:meta_value><![CDATA[false]]></wp:meta_value></wp:commentmeta>
  </wp:comment>`;
}

function wxr(items: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-wxr-"));
  dirs.push(dir);
  const file = path.join(dir, "wordpress.xml");
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Harbour Notes</title><link>https://harbour.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
${items}
</channel></rss>`,
  );
  return file;
}

const POST = `<item>
  <title><![CDATA[Ferry returns & the quay reopens]]></title>
  <link>https://harbour.example/2024/06/ferry-returns/</link>
  <pubDate>Wed, 19 Jun 2024 09:00:00 +0000</pubDate>
  <dc:creator><![CDATA[editor]]></dc:creator>
  <guid isPermaLink="false">https://harbour.example/?p=123</guid>
  <content:encoded><![CDATA[The night ferry is back.

Tickets from <a href="https://ferry.example" onclick="x()">the office</a>.<script>steal()</script>]]></content:encoded>
  <wp:post_id>123</wp:post_id>
  <wp:post_date_gmt><![CDATA[2024-06-19 09:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[ferry-returns]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <category domain="category" nicename="news"><![CDATA[News]]></category>
  <category domain="post_tag" nicename="ferry"><![CDATA[Ferry]]></category>
  <wp:postmeta><wp:meta_key><![CDATA[_wp_old_slug]]></wp:meta_key><wp:meta_value><![CDATA[a:1:{s:4:"slug";s:5:"ferry";}]]></wp:meta_value></wp:postmeta>
  ${wpComment(5, { author: "Jane", content: "Good news.\nFinally!", date: "2024-06-19 10:00:00", url: "https://jane.example" })}
  ${wpComment(7, { author: "Ravi", content: "Agreed, Jane.", date: "2024-06-19 11:00:00", parent: 5 })}
  ${wpComment(8, { author: "Spambot", content: "cheap pills", date: "2024-06-19 11:30:00", approved: "spam" })}
  ${wpComment(9, { author: "New reader", content: "Waiting for approval", date: "2024-06-19 12:00:00", approved: "0" })}
  ${wpComment(10, { author: "Troll", content: "gone", date: "2024-06-19 12:30:00", approved: "trash" })}
  ${wpComment(11, { author: "Other blog", content: "pinged", date: "2024-06-19 13:00:00", type: "pingback" })}
  ${wpComment(6, { author: "", content: "An earlier one, listed later — سلام 😀", date: "2024-06-19 09:30:00" })}
</item>
<item><title>About</title><wp:post_id>2</wp:post_id><wp:post_date_gmt>2024-01-01 00:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>page</wp:post_type><content:encoded><![CDATA[x]]></content:encoded></item>
<item><title>Draft</title><wp:post_id>3</wp:post_id><wp:post_date_gmt>2024-01-01 00:00:00</wp:post_date_gmt><wp:status>draft</wp:status><wp:post_type>post</wp:post_type><content:encoded><![CDATA[x]]></content:encoded></item>`;

describe.each(dialects())("importing a WordPress export on %s", (dialect) => {
  it("brings posts with labels and comments with parents, statuses and GMT times; old addresses redirect; a re-run adds nothing", async () => {
    w = await makeAppWorld({ dialect });
    const file = wxr(POST);
    const report = await runImport(w.deps, { siteId: 1, source: "wordpress", dryRun: false, records: readWordPressExport(file) });
    expect(report.posts).toEqual({ added: 2, existing: 0 });
    expect(report.comments).toEqual({ added: 6, existing: 0, replies: 1, removed: 1, pending: 1, spam: 1 });
    expect(report.skipped.map((s) => s.reason).sort()).toEqual(["a WordPress page (pages are not imported)", "a pingback"]);

    // A draft stays a draft: brought in, not shown.
    expect(await w.deps.posts.findPostBySlug("draft")).toMatchObject({ status: "draft", publishedAt: null });
    const p = await w.deps.posts.findPostBySlug("ferry-returns");
    expect(p?.title).toBe("Ferry returns & the quay reopens");
    expect(p?.publishedAt).toBe(Date.UTC(2024, 5, 19, 9));
    expect([...(p?.labels ?? [])].sort()).toEqual(["Ferry", "News"]);
    expect(p?.bodyHtml).toContain("<p>The night ferry is back.</p>");
    expect(p?.bodyHtml).not.toMatch(/onclick|script|steal/);
    const comments = (await w.deps.comments.listThreadComments(p?.threadId ?? 0)).sort((a, b) => a.createdAt - b.createdAt);
    expect(comments.map((c) => [c.numberPath.join("."), c.status, c.authorName])).toEqual([
      ["1", "published", null],
      ["2", "published", "Jane"],
      ["2.1", "published", "Ravi"],
      ["3", "spam", "Spambot"],
      ["4", "pending", "New reader"],
      ["5", "removed_by_moderator", "Troll"],
    ]);
    expect(comments[1]?.bodyHtml).toBe("<p>Good news.<br />\nFinally!</p>");
    expect(comments[1]?.authorWebsite).toBe("https://jane.example");
    expect(comments[0]?.bodyHtml).toBe("<p>An earlier one, listed later — سلام 😀</p>");
    // E-mail addresses and IPs from the export are not stored anywhere a page could show them.
    const page = await w.app.inject({ url: "/posts/ferry-returns" });
    expect(page.body).not.toContain("@example.test");
    expect(page.body).not.toContain("cheap pills");
    expect(page.body).not.toContain("Waiting for approval");

    for (const old of ["/?p=123", "/2024/06/ferry-returns/", "/2024/06/ferry-returns"]) {
      const res = await w.app.inject({ url: old });
      expect(res.statusCode, old).toBe(301);
      expect(res.headers.location).toBe("/posts/ferry-returns");
    }
    expect((await w.app.inject({ url: "/?p=999" })).statusCode).toBe(200); // the front page, as before

    const again = await runImport(w.deps, { siteId: 1, source: "wordpress", dryRun: false, records: readWordPressExport(file) });
    expect(again.posts).toEqual({ added: 0, existing: 2 });
    expect(again.comments.added).toBe(0);
  });
});
