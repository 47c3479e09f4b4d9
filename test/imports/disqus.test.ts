import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/domain/imports/run-import.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { readDisqusExport } from "../../src/imports/disqus-reader.js";
import { dialects } from "../helpers/world.js";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  await w?.cleanup();
});

function disqus(threads: Array<{ id: string; link: string; title: string }>, posts: Array<{ id: string; thread: string; parent?: string; message: string; at: string; name: string; anonymous?: boolean; deleted?: boolean; spam?: boolean }>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-disqus-"));
  dirs.push(dir);
  const file = path.join(dir, "disqus.xml");
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>tides</forum><title>General</title><isDefault>true</isDefault></category>
  ${threads.map((t) => `<thread dsq:id="${t.id}"><id/><forum>tides</forum><category dsq:id="1"/><link>${t.link}</link><title><![CDATA[${t.title}]]></title><message/><createdAt>2024-06-19T08:00:00Z</createdAt><author><name>Owner</name><isAnonymous>false</isAnonymous></author><ipAddress>203.0.113.1</ipAddress><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`).join("\n")}
  ${posts
    .map(
      (p) => `<post dsq:id="${p.id}"><id/><message><![CDATA[${p.message}]]></message><createdAt>${p.at}</createdAt><isDeleted>${p.deleted ? "true" : "false"}</isDeleted><isSpam>${p.spam ? "true" : "false"}</isSpam>
      <author><email>guest${p.id}@example.test</email><name>${p.name}</name><isAnonymous>${p.anonymous ? "true" : "false"}</isAnonymous></author><ipAddress>198.51.100.${p.id.length}</ipAddress>
      <thread dsq:id="${p.thread}"/>${p.parent ? `<parent dsq:id="${p.parent}"/>` : ""}</post>`,
    )
    .join("\n")}
</disqus>`,
  );
  return file;
}

describe.each(dialects())("importing a Disqus export on %s", (dialect) => {
  it("puts an embedding site's threads under their pages, keeps replies, deletions, spam and guests, and matches by normalised address", async () => {
    w = await makeAppWorld({ dialect });
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"] });
    const file = disqus(
      [
        { id: "70", link: "https://tides.example/story?utm_source=disqus", title: "Tide tables" },
        { id: "71", link: "https://elsewhere.example/x", title: "Not ours" },
      ],
      [
        { id: "902", thread: "70", parent: "901", message: "<p>Reply from a guest</p>", at: "2024-06-19T10:00:00Z", name: "Guest Reader", anonymous: true },
        { id: "901", thread: "70", message: "<p>First <b>comment</b></p>", at: "2024-06-19T09:00:00Z", name: "Jane" },
        { id: "903", thread: "70", message: "<p>deleted</p>", at: "2024-06-19T11:00:00Z", name: "Gone", deleted: true },
        { id: "904", thread: "70", parent: "903", message: "<p>Under a deleted one</p>", at: "2024-06-19T12:00:00Z", name: "Ana" },
        { id: "905", thread: "70", message: "<p>buy now</p>", at: "2024-06-19T13:00:00Z", name: "Bot", spam: true },
        { id: "906", thread: "71", message: "<p>lost</p>", at: "2024-06-19T13:00:00Z", name: "X" },
      ],
    );
    const report = await runImport(w.deps, { siteId: site.id, source: "disqus", dryRun: false, records: readDisqusExport(file) });
    expect(report.comments).toEqual({ added: 5, existing: 0, replies: 2, removed: 1, pending: 0, spam: 1 });
    expect(report.skipped.map((s) => s.reason)).toEqual(["no post or page of this site at https://elsewhere.example/x", "unknown post 71"]);
    const thread = await w.deps.threads.findPageThread(site.id, "https://tides.example/story");
    expect(thread?.page?.title).toBe("Tide tables");
    const comments = (await w.deps.comments.listThreadComments(thread?.id ?? 0)).sort((a, b) => a.createdAt - b.createdAt);
    expect(comments.map((c) => [c.numberPath.join("."), c.status, c.authorName, c.bodyHtml])).toEqual([
      ["1", "published", "Jane", "<p>First <strong>comment</strong></p>"],
      ["1.1", "published", "Guest Reader", "<p>Reply from a guest</p>"],
      ["2", "removed_by_moderator", "Gone", ""],
      ["2.1", "published", "Ana", "<p>Under a deleted one</p>"],
      ["3", "spam", "Bot", "<p>buy now</p>"],
    ]);
    // The widget on the story shows them: numbered, the deleted one a tombstone because it has a reply.
    const frame = await w.app.inject({ url: `/embed/thread?${new URLSearchParams({ site: site.publicKey, url: "https://tides.example/story", host: "https://tides.example" }).toString()}` });
    expect(frame.body).toContain("Reply from a guest");
    expect(frame.body).toContain("removed by a moderator");
    expect(frame.body).not.toContain("buy now");
    expect(frame.body).not.toContain("@example.test");
    const again = await runImport(w.deps, { siteId: site.id, source: "disqus", dryRun: false, records: readDisqusExport(file) });
    expect(again.comments).toMatchObject({ added: 0, existing: 5 });
  });

  it("matches threads to our own blog's posts by their address", async () => {
    w = await makeAppWorld({ dialect });
    const post = await w.makePost({ slug: "sea-wall" });
    const file = disqus([{ id: "80", link: "http://127.0.0.1:3000/posts/sea-wall", title: "Sea wall" }], [{ id: "990", thread: "80", message: "<p>From Disqus</p>", at: "2024-06-19T09:00:00Z", name: "Jo" }]);
    const report = await runImport(w.deps, { siteId: 1, source: "disqus", dryRun: false, records: readDisqusExport(file) });
    expect(report.comments.added).toBe(1);
    expect((await w.deps.comments.listThreadComments(post.threadId)).map((c) => c.authorName)).toEqual(["Jo"]);
  });
});
