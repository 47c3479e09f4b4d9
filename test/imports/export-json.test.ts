import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { openPageThread } from "../../src/domain/embeds/open-page-thread.js";
import { setViewTotal } from "../../src/domain/posts/set-view-total.js";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { ExportFileError, readJsonExport, restoreJsonExport, writeJsonExport } from "../../src/exports/broadsheet-json.js";
import { composeDeps, openStore } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { makeScryptPasswords } from "../../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../../src/seed/seed.js";
import { cli } from "../helpers/cli.js";
import { isEmptyForRestore } from "../../src/storage/export-store.js";
import { dialects, makeWorld, openTestStore, type World } from "../helpers/world.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bs-export-"));
  dirs.push(d);
  return d;
};
const fill = { newSiteSecret: () => "bss_new", newEditTokenHash: () => "fresh" };
const AT = Date.UTC(2026, 11, 1, 12, 0, 0);

/** A blog with some of everything an export must carry. */
async function richWorld(): Promise<World> {
  const world = await makeWorld({ sampleContent: true });
  const moderator = await world.makeUser("moderator");
  const [held] = await world.deps.moderation.listQueue("pending", { limit: 1 });
  await moderateComment(world.deps, { actor: moderator, commentId: held!.comment.id, threadId: held!.comment.threadId, action: "spam", reason: "link dump" });
  const post = (await world.deps.posts.listPublishedPosts({ before: world.clock.now() + 1, limit: 1 }))[0]!.post;
  await setViewTotal(world.deps, { slug: post.slug, total: 61 });
  await world.makeComment(post, { body: "声东击西 — 🧑🏽‍🚒 e\u0301 עברית العربية \"quotes\" \\ back", authorName: "张伟" });
  await world.deps.posts.addOldPath(post.threadId, "/2024/06/old-address.html");
  await world.store.db.insertInto("post_revisions").values({ post_id: post.id, author_id: moderator.id, created_at: world.clock.now(), snapshot: JSON.stringify({ title: "Earlier title", body: "x" }) }).execute();
  await world.deps.imports.recordImported(1, "post", "blogger", "post-7", post.id, world.clock.now());
  const { site } = await addSite(world.deps, { name: "Tide Watch", origins: ["https://tides.example"], language: "zh" });
  const { thread } = await openPageThread(world.deps, { siteKey: site.publicKey, url: "https://tides.example/a?utm_source=x", title: "A <page>", networkHash: "test" });
  await postComment(world.deps, { threadId: thread.id, body: "On the embedded page.", authorName: "Reader", clientAddress: "203.0.113.9" });
  return world;
}

describe("broadsheet export and import json", () => {
  it("writes every record and reads it back into an empty database identically, byte for byte, on each database", { timeout: 60_000 }, async () => {
    const world = await richWorld();
    try {
      const d = tmp();
      const a = path.join(d, "a.jsonl");
      const counts = await writeJsonExport(world.store, a, { siteId: null, secrets: true, now: AT });
      expect(counts).toMatchObject({ site: 2, thread: expect.any(Number), comment: expect.any(Number), "post-revision": 1, "import-key": 1, "thread-address": expect.any(Number), "embed-page": 1 });
      expect(counts.comment).toBeGreaterThan(10);
      const text = fs.readFileSync(a, "utf8");
      expect(text.split("\n")[0]).toBe(`{"type":"broadsheet-export","version":3,"exportedAt":"2026-12-01T12:00:00.000Z","site":null,"secrets":true}`);
      expect(text).toContain('"viewCount":61');
      expect(text).toContain('"status":"removed_by_author"');
      expect(text).toContain('"status":"spam"');
      expect(text).toContain("张伟");
      for (const dialect of dialects()) {
        const target = await openTestStore(dialect);
        try {
          const restored = await restoreJsonExport(target.store, a, fill);
          expect(restored).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));
          const b = path.join(d, `b-${dialect}.jsonl`);
          await writeJsonExport(target.store, b, { siteId: null, secrets: true, now: AT });
          expect(fs.readFileSync(b).equals(fs.readFileSync(a)), dialect).toBe(true);
          // Ids continue after the restored ones.
          const next = await target.store.db.insertInto("users").values({ email: "new@example.test", display_name: "New", role: "reader", password_hash: "!", created_at: AT }).returning("id").executeTakeFirstOrThrow();
          expect(Number(next.id)).toBe(counts.user! + 1);
        } finally {
          await target.cleanup();
        }
      }
    } finally {
      await world.cleanup();
    }
  });

  it("leaves secrets out unless asked, and exports one site alone", async () => {
    const world = await richWorld();
    try {
      const d = tmp();
      const plain = path.join(d, "plain.jsonl");
      await writeJsonExport(world.store, plain, { siteId: null, secrets: false, now: AT });
      const text = fs.readFileSync(plain, "utf8");
      expect(text).not.toMatch(/passwordHash|"secret"|bss_|scrypt\$/);
      const target = await openTestStore("sqlite");
      try {
        await restoreJsonExport(target.store, plain, fill);
        const users = await target.store.db.selectFrom("users").select("password_hash").execute();
        expect(users.every((u) => u.password_hash === "!")).toBe(true);
        const sites = await target.store.db.selectFrom("sites").select("secret").execute();
        expect(sites.map((s) => s.secret)).toEqual(["bss_new", "bss_new"]);
      } finally {
        await target.cleanup();
      }
      const one = path.join(d, "one.jsonl");
      const counts = await writeJsonExport(world.store, one, { siteId: 2, secrets: false, now: AT });
      expect(counts).toMatchObject({ site: 1, thread: 1, post: 0, comment: 1, "embed-page": 1, "import-key": 0 });
      const records = [];
      for await (const r of readJsonExport(one)) records.push(r);
      expect(records.find((r) => r.type === "thread")).toMatchObject({ siteId: 2, pageUrl: "https://tides.example/a", pageTitle: "A <page>" });
    } finally {
      await world.cleanup();
    }
  });

  it("refuses a cut-off, altered or foreign file with its line, and writes nothing", async () => {
    const world = await richWorld();
    try {
      const d = tmp();
      const a = path.join(d, "a.jsonl");
      await writeJsonExport(world.store, a, { siteId: null, secrets: true, now: AT });
      const lines = fs.readFileSync(a, "utf8").trimEnd().split("\n");
      const commentLine = lines.findIndex((l) => l.startsWith('{"type":"comment"'));
      const cases: Array<[string, string, RegExp]> = [
        ["cut", lines.slice(0, -1).join("\n"), /cut off/],
        ["cut mid-line", lines.join("\n").slice(0, -40), /line \d+: not JSON/],
        ["altered", lines.map((l, i) => (i === commentLine ? l.replace(/"number":\d+/, '"number":"one"') : l)).join("\n"), new RegExp(`line ${commentLine + 1}: comment: field number must be a whole number`)],
        ["unknown field", lines.map((l, i) => (i === commentLine ? l.replace("{", '{"extra":1,') : l)).join("\n"), /unknown field extra/],
        ["dropped record", lines.filter((_, i) => i !== commentLine).join("\n"), /says it holds \d+ comment records|refers to a record the file does not hold/],
        ["newer version", lines.map((l, i) => (i === 0 ? l.replace('"version":3', '"version":4') : l)).join("\n"), /version 4; this Broadsheet reads versions 1, 2 and 3/],
        ["a version 2 field missing", lines.map((l, i) => (i === commentLine ? l.replace(/,"featuredAt":null/, "") : l)).join("\n"), /comment: field featuredAt is missing/],
        ["someone else's", '{"posts":[]}\n', /not a Broadsheet export/],
      ];
      for (const [name, body, message] of cases) {
        const file = path.join(d, `${name}.jsonl`);
        fs.writeFileSync(file, body);
        const target = await openTestStore("sqlite");
        try {
          const err = await restoreJsonExport(target.store, file, fill).catch((e: unknown) => e);
          expect(err, name).toBeInstanceOf(ExportFileError);
          expect((err as Error).message, name).toMatch(message);
          expect(await isEmptyForRestore(target.store), name).toBe(true);
        } finally {
          await target.cleanup();
        }
      }
    } finally {
      await world.cleanup();
    }
  });

  it("reads a version 1 file, which has no featured comments", async () => {
    const world = await richWorld();
    try {
      const d = tmp();
      const a = path.join(d, "v2.jsonl");
      await writeJsonExport(world.store, a, { siteId: null, secrets: true, now: AT });
      const v1 = path.join(d, "v1.jsonl");
      const lines = fs.readFileSync(a, "utf8").trimEnd().split("\n");
      fs.writeFileSync(v1, lines.map((l, i) => (i === 0 ? l.replace('"version":3', '"version":1') : l.replace(/,"featuredAt":null/, "").replace(/,"queueMailMinutes":null/, "").replace(/,"disabledAt":null/, "").replace(/,"look":\{[^}]*\}/, ""))).join("\n"));
      expect(fs.readFileSync(v1, "utf8")).not.toContain("featuredAt");
      const target = await openTestStore("sqlite");
      try {
        const counts = await restoreJsonExport(target.store, v1, fill);
        expect(counts.comment).toBeGreaterThan(10);
        const again = path.join(d, "again.jsonl");
        await writeJsonExport(target.store, again, { siteId: null, secrets: true, now: AT });
        expect(fs.readFileSync(again, "utf8")).toBe(fs.readFileSync(a, "utf8"));
      } finally {
        await target.cleanup();
      }
    } finally {
      await world.cleanup();
    }
  });

  it("works from the command line, and refuses to restore over a blog", { timeout: 60_000 }, async () => {
    const d = tmp();
    const bs = (dataDir: string, ...args: string[]) => cli(dataDir)(...args);
    const source = path.join(d, "source");
    const config = loadConfig({ BROADSHEET_DATA_DIR: source, LOG_LEVEL: "silent" });
    const store = await openStore(config);
    const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
    await seedIfEmpty(deps, { withSampleContent: true });
    await deps.events.close();
    await store.close();
    const a = path.join(d, "a.jsonl");
    expect((await bs(source, "export", a)).out).toMatch(/Wrote .*a\.jsonl: 1 site, \d+ user/);
    expect((await bs(source, "export", "--format", "wxr", path.join(d, "blog.xml"))).out).toMatch(/WXR 1\.2\): \d+ posts, \d+ comments/);
    expect(fs.readFileSync(path.join(d, "blog.xml"), "utf8")).toContain("<wp:wxr_version>1.2</wp:wxr_version>");
    const fresh = path.join(d, "fresh");
    expect((await bs(fresh, "import", "json", a, "--dry-run")).out).toMatch(/Would restore: 1 site/);
    expect((await bs(fresh, "import", "json", a)).out).toMatch(/Restored: 1 site/);
    const b = path.join(d, "b.jsonl");
    await bs(fresh, "export", b);
    const body = (f: string) => fs.readFileSync(f, "utf8").split("\n").slice(1).join("\n");
    expect(body(b)).toBe(body(a));
    const again = await bs(fresh, "import", "json", a);
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/fills an empty database only/);
  });
});
