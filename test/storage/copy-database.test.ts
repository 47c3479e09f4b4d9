import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { reportComment } from "../../src/domain/moderation/report-comment.js";
import { saveStaticPage } from "../../src/domain/pages/static-page.js";
import { updateSite } from "../../src/domain/sites/manage-sites.js";
import { PG_URL, makeWorld } from "../helpers/world.js";

const run = promisify(execFile);

/** Bodies and names that strain an encoding: astral planes, joiners, combining marks, RTL, CJK, a lone surrogate. */
const TRICKY: Array<[string, string]> = [
  ["声东击西 — 他说：“好。” 🧑🏽‍🚒 e\u0301 ﷽ עברית العربية", "张伟 👩‍👩‍👧"],
  ["lone \ud800 surrogate", "Zoë \udc00"],
  ["\u{1F600}\u{10FFFF}\uFFFD tabs\tand\nnewlines", "Ｆｕｌｌｗｉｄｔｈ"],
];

/** Every table the copy moves, with its text columns and the key it is ordered by (the search index's tables are rebuilt, not copied). */
function textColumnsOf(lite: import("better-sqlite3").Database): Array<{ table: string; text: string[]; key: string[] }> {
  const tables = lite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and sql not like 'create virtual%' order by name").all() as { name: string }[];
  return tables
    .map(({ name }) => {
      const columns = lite.prepare(`pragma table_info(${name})`).all() as { name: string; type: string; pk: number }[];
      const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      return { table: name, text: columns.filter((c) => /text/i.test(c.type)).map((c) => c.name), key: key.length > 0 ? key : columns.map((c) => c.name) };
    })
    .filter((t) => t.text.length > 0);
}

if (!PG_URL) console.warn("\n*** copy-db tests SKIPPED: they need PostgreSQL; set TEST_DATABASE_URL=postgres://… (CI always does) ***\n");

describe.skipIf(!PG_URL)("broadsheet copy-db, SQLite to PostgreSQL", () => {
  it("moves a blog losslessly: every table's rows, ids and text, with search and new ids working afterwards", { timeout: 60_000 }, async () => {
    const world = await makeWorld({ sampleContent: true });
    const database = `bs_copy_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(PG_URL as string);
    url.pathname = `/${database}`;
    try {
      // Some of everything: held comments, a decision, a report, a ban, Chinese text.
      const moderator = await world.makeUser("moderator");
      const [held] = await world.deps.moderation.listQueue("pending", { limit: 1 });
      await moderateComment(world.deps, { actor: moderator, commentId: held!.comment.id, threadId: held!.comment.threadId, action: "spam", reason: "link dump" });
      // Text from every corner of Unicode, and a lone surrogate as JSON can carry it: in comments,
      // a post with its labels, a static page, the site's name and look, and the audit log.
      const post = (await world.deps.posts.listPublishedPosts({ before: world.clock.now() + 1, limit: 1 }))[0]!.post;
      for (const [body, authorName] of TRICKY) await world.makeComment(post, { body, authorName });
      const admin = await world.makeUser("admin");
      await world.makePost({ title: TRICKY[0]![0].slice(0, 40), standfirst: TRICKY[2]![0], body: TRICKY[1]![0], labels: ["声东击西", "Zoë"] });
      await saveStaticPage(world.deps, { actor: admin, siteId: 1, title: "关于 Zoë", slug: "", body: TRICKY[0]![0], inNav: true, position: "1" });
      await updateSite(world.deps, 1, { name: "Ｌｅｄｇｅｒ 声东击西 🧑🏽‍🚒" });
      const published = (await world.deps.comments.listRecentComments({ limit: 1, siteId: 1, now: world.deps.clock.now() }))[0]!;
      await reportComment(world.deps, { commentId: published.id, reason: "abuse", reporter: { networkHash: "someone" } });
      const sqliteFile = world.sqliteFile as string;
      const { stdout } = await run(process.execPath, ["bin/broadsheet.mjs", "copy-db", "--from", `sqlite:${sqliteFile}`, "--to", url.toString()], { env: { ...process.env } });
      expect(stdout).toContain("every table's count matches");

      const target = new pg.Client({ connectionString: url.toString() });
      await target.connect();
      try {
        // Every text column of every table, compared as UTF-8 bytes, row by row in key order
        // (text keys in code point order on both sides: PostgreSQL's "C" collation is byte order).
        const src = (await import("better-sqlite3")).default;
        const lite = new src(sqliteFile, { readonly: true });
        const tables = textColumnsOf(lite);
        expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["comments", "posts", "users", "sites", "static_pages", "post_labels", "moderation_log"]));
        let compared = 0;
        for (const { table, text, key } of tables) {
          const sqliteBytes = lite.prepare(`select ${text.map((c) => `case when ${c} is null then null else hex(cast(${c} as blob)) end as ${c}`).join(", ")} from ${table} order by ${key.join(", ")}`).all();
          const order = key.map((k) => (text.includes(k) ? `${k} collate "C"` : k)).join(", ");
          const pgBytes = await target.query(`select ${text.map((c) => `upper(encode(convert_to(${c}::text, 'UTF8'), 'hex')) as ${c}`).join(", ")} from ${table} order by ${order}`);
          expect(pgBytes.rows, table).toEqual(sqliteBytes);
          compared += sqliteBytes.length;
        }
        expect(compared).toBeGreaterThan(50);
        // The lone surrogate was stored as U+FFFD (EF BF BD), never as bytes UTF-8 forbids.
        const lone = lite.prepare("select hex(cast(body_source as blob)) as h from comments where body_source like 'lone %'").get() as { h: string };
        expect(lone.h).toBe(Buffer.from("lone \uFFFD surrogate", "utf8").toString("hex").toUpperCase());
        lite.close();
        const db = new src(sqliteFile, { readonly: true });
        const srcComments = db.prepare("select id, number_path, body_source, status from comments order by id").all();
        db.close();
        const dst = await target.query("select id, number_path, body_source, status from comments order by id");
        expect(dst.rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual(srcComments);
        // Full-text search works on the copy (generated tsvector), and new rows take fresh ids.
        const hit = await target.query("select count(*)::int as n from comments where search @@ plainto_tsquery('simple', 'councillors')");
        expect(hit.rows[0].n).toBeGreaterThanOrEqual(1);
        const next = await target.query("insert into sites (name, allow_anonymous, max_depth, created_at) values ('x', 1, 3, 0) returning id");
        expect(Number(next.rows[0].id)).toBe(2);
        const log = await target.query("select action, reason from moderation_log where action = 'spam'");
        expect(log.rows).toEqual([{ action: "spam", reason: "link dump" }]);
      } finally {
        await target.end();
      }

      // Into a database that is not empty: refused, nothing written.
      const again = await run(process.execPath, ["bin/broadsheet.mjs", "copy-db", "--from", `sqlite:${sqliteFile}`, "--to", url.toString()], { env: { ...process.env } }).catch((e: { code: number; stderr: string }) => e);
      expect((again as { code: number }).code).toBe(2);
      expect((again as { stderr: string }).stderr).toContain("the target database is not empty");
    } finally {
      await world.cleanup();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  });
});

