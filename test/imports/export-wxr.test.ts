import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/domain/imports/run-import.js";
import { createPost } from "../../src/domain/posts/create-post.js";
import { setViewTotal } from "../../src/domain/posts/set-view-total.js";
import { writeWxrExport } from "../../src/exports/wxr-writer.js";
import { readWordPressExport } from "../../src/imports/wordpress-reader.js";
import { makeWorld, type World } from "../helpers/world.js";

const worlds: World[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** What a reader and an editor see of each post and its discussion, keyed by address. */
async function picture(world: World) {
  const posts = await sql<Record<string, unknown>>`select p.slug, p.title, p.status, p.published_at, p.standfirst, p.dateline, p.body_html, p.lead_image_url, p.lead_image_caption, p.lead_image_credit,
      p.source_outlet, p.source_url, p.source_published_at, p.canonical_to_source, t.view_count, t.mode, t.comment_count, t.last_number, p.thread_id
    from posts p join threads t on t.id = p.thread_id order by p.slug`.execute(world.store.db);
  const out = [];
  for (const p of posts.rows) {
    const labels = await world.store.db.selectFrom("post_labels").innerJoin("posts", "posts.id", "post_labels.post_id").select("label").where("posts.slug", "=", p.slug as string).orderBy("label").execute();
    const comments = await sql<Record<string, unknown>>`select c.number_path, c.status, c.author_name, c.author_website, c.body_html, c.created_at, r.number_path as replying_to
      from comments c left join comments r on r.id = c.replying_to_id where c.thread_id = ${p.thread_id} order by c.number_path`.execute(world.store.db);
    out.push({ ...(p as Record<string, unknown> & { slug: string }), thread_id: undefined, published_at: p.published_at === null ? null : Number(p.published_at), view_count: Number(p.view_count), labels: labels.map((l) => l.label), comments: comments.rows.map((c) => ({ ...c, status: c.status as string, created_at: Number(c.created_at) })) });
  }
  return out;
}

describe("broadsheet export --format wxr", () => {
  it("writes a WordPress file that our WordPress importer reads back with nothing lost", { timeout: 60_000 }, async () => {
    const source = await makeWorld({ sampleContent: true });
    worlds.push(source);
    const now = source.clock.now();
    const sample = (await source.deps.posts.listPublishedPosts({ before: now + 1, limit: 1 }))[0]!.post;
    await setViewTotal(source.deps, { slug: sample.slug, total: 61 });
    await createPost(source.deps, { siteId: 1, title: "A draft <b>not</b> out yet", body: "Work in progress.", status: "draft" });
    await createPost(source.deps, { siteId: 1, title: "Tomorrow's story", body: "Embargoed.", status: "scheduled", publishedAt: now + 86_400_000, labels: ["floods", "港口"], threadMode: "closed" });
    const hostile = await createPost(source.deps, { siteId: 1, title: "]]> </title><script>x</script>", standfirst: "A & B <i>", body: "Text with ]]> inside and a [link](https://example.org).", dateline: "PORT ELLIS", publishedAt: now - 60_000 });
    await source.makeComment(hostile, { body: "Nice ]]><item>fake</item> & <script>alert(1)</script>", authorName: "A<b>\"quoted\"</b>" });
    const first = await source.makeComment(hostile, { body: "成语：画蛇添足。" });
    const reply = await source.makeComment(hostile, { body: "Reply 😀", parentId: first.comment!.id, authorName: "Zoë", authorWebsite: "https://zoe.example" });
    await source.makeComment(hostile, { body: "Deeper", parentId: reply.comment!.id });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-wxr-out-"));
    dirs.push(dir);
    const file = path.join(dir, "export.xml");
    const wrote = await writeWxrExport(source.store, file, { siteId: 1, baseUrl: "https://blog.example", now });
    expect(wrote.posts).toBeGreaterThanOrEqual(4);
    const xml = fs.readFileSync(file, "utf8");
    expect(xml).not.toContain("<![CDATA[");
    expect(xml).not.toMatch(/<script>|<item>fake/);

    const target = await makeWorld();
    worlds.push(target);
    const report = await runImport(target.deps, { siteId: 1, source: "wordpress", dryRun: false, records: readWordPressExport(file) });
    expect(report.skipped).toEqual([]);
    expect(report.posts.added).toBe(wrote.posts);
    expect(report.comments.added).toBe(wrote.comments);
    const before = await picture(source);
    const after = await picture(target);
    expect(after).toEqual(before);
    expect(after.find((p) => p.slug === sample.slug)?.view_count).toBe(61);
    expect(after.some((p) => p.comments.some((c) => c.status === "removed_by_author"))).toBe(true);
  });
});
