import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/domain/imports/run-import.js";
import { formatImportReport } from "../../src/domain/imports/report.js";
import { readBloggerExport } from "../../src/imports/blogger-reader.js";
import { ImportFileError } from "../../src/imports/xml-stream.js";
import { dialects } from "../helpers/world.js";
import { makeAppWorld, SAME_ORIGIN, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  await w?.cleanup();
});

const BLOG = "tag:blogger.com,1999:blog-7001";
const esc = (html: string) => html.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const kind = (k: string) => `<category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#${k}"/>`;

function post(id: string, o: { title: string; html: string; published: string; labels?: string[]; path: string }) {
  return `<entry><id>${BLOG}.post-${id}</id><published>${o.published}</published><updated>${o.published}</updated>${kind("post")}
  ${(o.labels ?? []).map((l) => `<category scheme="http://www.blogger.com/atom/ns#" term="${l}"/>`).join("")}
  <title type="text">${o.title}</title><content type="html">${esc(o.html)}</content>
  <link rel="alternate" type="text/html" href="https://harbour-ledger.blogspot.com${o.path}" title="${o.title}"/>
  <author><name>Editor</name><uri>https://www.blogger.com/profile/1</uri><gd:image rel="http://schemas.google.com/g/2005#thumbnail" width="16" height="16" src="x"/></author></entry>`;
}

function comment(id: string, postId: string, o: { html: string; published: string; author?: string; uri?: string; parent?: string }) {
  return `<entry><id>${BLOG}.post-${id}</id><published>${o.published}</published>${kind("comment")}
  <title type="text">t</title><content type="html">${esc(o.html)}</content>
  ${o.parent ? `<link rel="related" href="https://www.blogger.com/feeds/7001/${postId}/comments/default/${o.parent}"/>` : ""}
  <author><name>${o.author ?? "Anonymous"}</name>${o.uri ? `<uri>${o.uri}</uri>` : ""}</author>
  <thr:in-reply-to href="https://harbour-ledger.blogspot.com/2024/06/harbour-wall.html" ref="${BLOG}.post-${postId}" source="https://www.blogger.com/feeds/7001/posts/default/${postId}" type="text/html"/></entry>`;
}

function exportFile(entries: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-blogger-"));
  dirs.push(dir);
  const file = path.join(dir, "blog.xml");
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:openSearch="http://a9.com/-/spec/opensearchrss/1.0/" xmlns:gd="http://schemas.google.com/g/2005" xmlns:thr="http://purl.org/syndication/thread/1.0" xmlns:georss="http://www.georss.org/georss">
<id>${BLOG}</id><title type="text">The Harbour Ledger</title>
<entry><id>${BLOG}.settings.BLOG_NAME</id>${kind("settings")}<title>s</title><content type="text">x</content></entry>
${entries.join("\n")}
</feed>`,
  );
  return file;
}

const PACT = post("100", {
  title: "Councils sign the flood pact",
  html: '<p>The pact was signed <b>today</b>.<script>alert(1)</script><img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">link</a></p>',
  published: "2024-06-19T09:00:00.000+01:00",
  labels: ["Harbour", "Council"],
  path: "/2024/06/harbour-wall.html",
});
// In the file out of time order: numbers must follow the time each was written.
const COMMENTS = [
  comment("203", "100", { html: "Third, a reply to the first", published: "2024-06-19T12:00:00.000+01:00", author: "Mei", parent: "201" }),
  comment("201", "100", { html: "First!<br />~~~~~ not code ~~~~~", published: "2024-06-19T10:00:00.000+01:00" }),
  comment("202", "100", { html: "This comment has been removed by the author.", published: "2024-06-19T11:00:00.000+01:00", author: "Gone" }),
  comment("204", "100", { html: "亡羊补牢 — مرحبا 🌊", published: "2024-06-19T13:00:00.000+01:00", author: "Wen", uri: "https://www.blogger.com/profile/9", parent: "202" }),
  comment("205", "100", { html: "This comment has been removed by a blog administrator.", published: "2024-06-19T14:00:00.000+01:00", author: "Spammer" }),
  comment("206", "100", { html: "Replying to nothing we have", published: "2024-06-19T15:00:00.000+01:00", parent: "999" }),
  comment("201", "100", { html: "A duplicate id", published: "2024-06-19T16:00:00.000+01:00" }),
];

async function importFile(file: string, dryRun = false) {
  return runImport(w.deps, { siteId: 1, source: "blogger", dryRun, records: readBloggerExport(file) });
}

describe.each(dialects())("importing a Blogger export on %s", (dialect) => {
  it("keeps every post, comment, reply and removed comment, with its time, number and place", async () => {
    w = await makeAppWorld({ dialect });
    const file = exportFile([PACT, post("101", { title: "About", html: "<p>x</p>", published: "2024-01-01T00:00:00Z", path: "/p/about.html" }).replace("kind#post", "kind#page"), ...COMMENTS]);

    const dry = await importFile(file, true);
    expect(dry.posts.added).toBe(1);
    expect(await w.deps.posts.findPostBySlug("harbour-wall")).toBeUndefined();

    const report = await importFile(file);
    expect(report).toEqual({ ...dry, dryRun: false });
    expect(report.posts).toEqual({ added: 1, existing: 0 });
    expect(report.comments).toEqual({ added: 5, existing: 0, replies: 2, removed: 2, pending: 0, spam: 0 });
    expect(report.skipped.map((s) => s.reason).sort()).toEqual([
      "a Blogger page entry",
      "a Blogger settings entry",
      "duplicate comment id in the file",
      "orphan reply: comment 999 is not in the file or came later",
    ]);

    const p = await w.deps.posts.findPostBySlug("harbour-wall");
    expect(p?.publishedAt).toBe(Date.parse("2024-06-19T08:00:00Z"));
    expect([...(p?.labels ?? [])].sort()).toEqual(["Council", "Harbour"]);
    expect(p?.bodyHtml).toContain("<strong>today</strong>");
    expect(p?.bodyHtml).not.toMatch(/script|onerror|javascript:/);
    expect(p?.bodySource).toContain("**today**");
    const byNumber = (a: { numberPath: readonly number[] }, b: { numberPath: readonly number[] }) => a.numberPath.join(".").localeCompare(b.numberPath.join("."), "en", { numeric: true });
    const comments = (await w.deps.comments.listThreadComments(p?.threadId ?? 0)).sort(byNumber);
    const shown = comments.map((c) => [c.numberPath.join("."), c.status, c.authorName, new Date(c.createdAt).toISOString()]);
    expect(shown).toEqual([
      ["1", "published", null, "2024-06-19T09:00:00.000Z"],
      ["1.1", "published", "Mei", "2024-06-19T11:00:00.000Z"],
      ["2", "removed_by_author", "Gone", "2024-06-19T10:00:00.000Z"],
      ["2.1", "published", "Wen", "2024-06-19T12:00:00.000Z"],
      ["3", "removed_by_moderator", "Spammer", "2024-06-19T13:00:00.000Z"],
    ]);
    // HTML stays HTML: Blogger's "~~~~~" is text, not a code block; 4-byte emoji and scripts of every direction intact.
    expect(comments[0]?.bodyHtml).toBe("First!<br />~~~~~ not code ~~~~~");
    expect(comments[3]?.bodyHtml).toBe("亡羊补牢 — مرحبا 🌊");
    expect(comments[3]?.authorWebsite).toBe("https://www.blogger.com/profile/9");

    // The page: the old address redirects; a tombstone with a reply shows, the removed one without replies is a skipped number.
    const old = await w.app.inject({ url: "/2024/06/harbour-wall.html" });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe("/posts/harbour-wall");
    const page = await w.app.inject({ url: "/posts/harbour-wall" });
    expect(page.body).toContain("This comment has been removed by the author.");
    expect(page.body).not.toContain("Spammer");
    expect(page.body).toContain("Wednesday, June 19, 2024");

    // Again: nothing new.
    const again = await importFile(file);
    expect(again.posts).toEqual({ added: 0, existing: 1 });
    expect(again.comments).toMatchObject({ added: 0, existing: 5 });
    expect(formatImportReport(again)).toContain("Nothing new");

    // A newer export: a reader commented here meanwhile, and the export has a late, older comment.
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${p?.threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Posted on Broadsheet after the move" } });
    expect(posted.json().comment.path).toBe("4");
    const newer = exportFile([PACT, ...COMMENTS, comment("207", "100", { html: "Late but older", published: "2024-06-19T09:30:00.000+01:00", author: "Late" })]);
    const third = await importFile(newer);
    expect(third.comments).toMatchObject({ added: 1, existing: 5 });
    const after = await w.deps.comments.listThreadComments(p?.threadId ?? 0);
    const late = after.find((c) => c.authorName === "Late");
    expect(late?.numberPath).toEqual([5]); // after the reader's #4: published numbers never move
    expect(after.filter((c) => c.parentId === null).map((c) => c.numberPath[0]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("imports what PostgreSQL can index: an over-long id is a malformed entry, an over-long label or old address is cut or left", async () => {
    w = await makeAppWorld({ dialect });
    // Random, so that PostgreSQL cannot compress the index entry under its ~2,700-byte limit.
    const noise = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("");
    const longLabel = `Harbour ${noise(3000)}`;
    const longPath = `/2024/06/${noise(3000)}.html`;
    const file = exportFile([
      post("100", { title: "Labelled at length", html: "<p>x</p>", published: "2024-06-19T09:00:00Z", labels: [longLabel, "Quay"], path: longPath }),
      post(noise(3000), { title: "An id of 3,000 characters", html: "<p>y</p>", published: "2024-06-19T09:00:00Z", path: "/2024/06/y.html" }),
      comment("201", "100", { html: "Kept", published: "2024-06-19T10:00:00Z" }),
      comment(noise(3000), "100", { html: "An id of 3,000 characters", published: "2024-06-19T10:30:00Z" }),
      comment("202", "100", { html: "Answers an id of 3,000 digits", published: "2024-06-19T11:00:00Z", parent: noise(3000).replace(/\D/g, "7") }),
    ]);
    const report = await importFile(file);
    expect(report.posts.added).toBe(1);
    expect(report.comments.added).toBe(1);
    expect(report.skipped.map((s) => s.reason).filter((r) => r !== "a Blogger settings entry")).toEqual(Array(3).fill("malformed entry: an id longer than 500 characters"));
    const p = (await w.deps.posts.findPostBySlug(longPath.slice(9, 89)))!;
    expect([...p.labels].sort()).toEqual([longLabel.slice(0, 40), "Quay"]);
    expect(await w.deps.posts.findPostByOldPath(longPath)).toBeUndefined();
  });

  it("imports a post whose title shows nothing and whose markup is nested 20,000 deep, rather than stopping", async () => {
    w = await makeAppWorld({ dialect });
    const deep = `${"<div>".repeat(20_000)}Deep text${"</div>".repeat(20_000)}`;
    const file = exportFile([post("100", { title: "\u3164", html: deep, published: "2024-06-19T09:00:00Z", path: "/2024/06/deep.html" }), comment("201", "100", { html: "Kept", published: "2024-06-19T10:00:00Z" })]);
    const report = await importFile(file);
    expect([report.posts.added, report.comments.added]).toEqual([1, 1]);
    const p = await w.deps.posts.findPostByOldPath("/2024/06/deep.html");
    expect([p?.title, p?.bodySource]).toEqual(["(untitled)", "Deep text"]);
  });

  it("takes a date no calendar shows (JavaScript's year 275760) for no date: a malformed entry", async () => {
    w = await makeAppWorld({ dialect });
    const file = exportFile([PACT, comment("201", "100", { html: "From the far future", published: "+275760-09-13T00:00:00.000Z" }), comment("202", "100", { html: "Kept", published: "2024-06-19T10:00:00Z" })]);
    const report = await importFile(file);
    expect(report.comments.added).toBe(1);
    expect(report.skipped.map((s) => s.reason)).toContain("malformed entry: no valid published time");
  });

  it("stops on a malformed file with the line, column and entry, and refuses entity tricks", async () => {
    w = await makeAppWorld({ dialect });
    const broken = exportFile([PACT, comment("301", "100", { html: "ok", published: "2024-06-19T10:00:00Z" }).replace("</content>", "</contnt>")]);
    const err = await importFile(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).line).toBeGreaterThan(5);
    expect((err as ImportFileError).entry).toBe(`${BLOG}.post-301`);
    for (const evil of [
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol2;</title></entry></feed>`,
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><feed xmlns="http://www.w3.org/2005/Atom"><entry><content>&xxe;</content></entry></feed>`,
    ]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-evil-"));
      dirs.push(dir);
      fs.writeFileSync(path.join(dir, "evil.xml"), evil);
      await expect(importFile(path.join(dir, "evil.xml"))).rejects.toBeInstanceOf(ImportFileError);
    }
    // Nothing of the broken file's comments is in; its post was imported before the break, and a fixed file continues.
    const fixed = exportFile([PACT, comment("301", "100", { html: "ok", published: "2024-06-19T10:00:00Z" })]);
    const report = await importFile(fixed);
    expect(report.posts.added + report.posts.existing).toBe(1);
    expect(report.comments.added).toBe(1);
  });
});
