import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { composeDeps, openStore } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { makeScryptPasswords } from "../../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../../src/seed/seed.js";
import { cli } from "../helpers/cli.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the broadsheet command", () => {
  it("adds, lists, changes and rotates the secret of embedding sites", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-cli-"));
    dirs.push(dataDir);
    const bs = cli(dataDir);
    expect((await bs("site", "add", "--name", "Tide Watch", "--origin", "https://tides.example")).out).toMatch(/Start the blog once/);
    const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    const store = await openStore(config);
    const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
    await seedIfEmpty(deps, { withSampleContent: false });
    await deps.events.close();
    await store.close();
    expect((await bs("site", "add", "--name", "Tide Watch", "--origin", "https://tides.example/story")).code).toBe(2);
    const added = await bs("site", "add", "--name", "Tide Watch", "--origin", "https://Tides.example", "--origin", "http://localhost:8081");
    expect(added.code).toBe(0);
    const key = /Key: (site_\S+)/.exec(added.out)?.[1] ?? "";
    const secret = /Secret \(shown once[^)]*\): (bss_\S+)/.exec(added.out)?.[1] ?? "";
    expect(key).not.toBe("");
    expect(secret.length).toBeGreaterThan(40);
    expect(added.out).toContain(`<script async src="http://127.0.0.1:3000/embed.js" data-site="${key}"></script>`);
    const list = await bs("site", "list");
    expect(list.out).toMatch(new RegExp(`^2\t${key}\tTide Watch\thttps://tides.example http://localhost:8081\ten$`, "m"));
    expect(list.out).not.toContain(secret);
    expect((await bs("site", "set", key, "--origin", "https://tides.example", "--language", "ar")).out).toContain("Site 2, Tide Watch: https://tides.example, ar");
    expect((await bs("site", "set", "2", "--language", "klingon")).code).toBe(2);
    expect((await bs("site", "set", "2", "--webhook", "http://hooks.example/in")).out).toMatch(/must use https/);
    expect((await bs("site", "set", "2", "--webhook", "https://hooks.example/in")).out).toContain("webhook https://hooks.example/in");
    expect((await bs("site", "deliveries", key)).code).toBe(0);
    const rotated = await bs("site", "rotate-secret", key);
    const next = /\): (bss_\S+)/.exec(rotated.out)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(secret);
    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    try {
      expect((db.prepare("select secret from sites where public_key = ?").get(key) as { secret: string }).secret).toBe(next);
    } finally {
      db.close();
    }
  });

  it("adds, lists, changes the role of and resets accounts through the same use cases", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-cli-"));
    dirs.push(dataDir);
    const bs = cli(dataDir);
    const added = await bs("user", "add", "--email", "Mo@Example.test", "--name", "Mo Derator", "--role", "moderator");
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/Added mo@example.test \(moderator\)\.\nPassword \(shown once\): \S{16,}/);
    expect((await bs("user", "add", "--email", "mo@example.test", "--name", "Again")).out).toMatch(/An account with this e-mail exists/);
    expect((await bs("user", "add", "--email", "x@example.test", "--name", "X", "--password", "short")).code).toBe(2);
    expect((await bs("user", "set-role", "mo@example.test", "king")).code).not.toBe(0);
    expect((await bs("user", "set-role", "mo@example.test", "editor")).out).toContain("mo@example.test is now editor.");
    expect((await bs("user", "list")).out).toMatch(/^mo@example.test\teditor\tMo Derator\t/m);
    const reset = await bs("user", "reset-password", "mo@example.test");
    expect(reset.out).toMatch(/New password for mo@example.test \(shown once\): \S{16,}/);
    expect((await bs("user", "reset-password", "nobody@example.test")).code).toBe(2);
    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    try {
      const row = db.prepare("select password_hash from users where email = ?").get("mo@example.test") as { password_hash: string };
      expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    } finally {
      db.close();
    }
  }, 60_000);
});

describe("broadsheet where there is no blog, and post list", () => {
  it("refuses to read or change a blog that is not there (and makes no database), then lists posts", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-cli-"));
    dirs.push(dataDir);
    const bs = cli(dataDir);
    for (const args of [["site", "list"], ["post", "list"], ["user", "list"], ["set-views", "x", "5"], ["export", path.join(dataDir, "out.jsonl")]]) {
      const r = await bs(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out, args.join(" ")).toContain(`There is no blog in ${path.join(dataDir, "broadsheet.sqlite")}`);
    }
    expect(fs.existsSync(path.join(dataDir, "broadsheet.sqlite"))).toBe(false);
    // A database without a blog in it (migrated, never started) is refused too.
    await (await openStore(loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" }))).close();
    expect((await bs("post", "list")).out).toContain("Start the blog once (npm start)");

    const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    const store = await openStore(config);
    const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
    await seedIfEmpty(deps, { withSampleContent: true });
    const posts = await deps.posts.listAllPosts(100);
    await deps.events.close();
    await store.close();
    const list = await bs("post", "list");
    expect(list.code).toBe(0);
    const lines = list.out.trim().split("\n");
    expect(lines).toHaveLength(posts.length);
    expect(lines[0]).toMatch(/^(published|scheduled|draft)\t(\d{4}-\d\d-\d\dT[\d:.]+Z|-)\t\d+\t\d+\t\/posts\/\S+\t.+$/);
    expect(list.out).toContain(`/posts/${posts[0]!.post.slug}\t${posts[0]!.post.title}`);
    expect((await bs("post", "list", "--limit", "1")).out.trim().split("\n")).toHaveLength(1);
    expect((await bs("post", "list", "--status", "draft")).out).toContain("No posts.");
    expect((await bs("post", "list", "--status", "gone")).code).toBe(2);
  });
});

describe("broadsheet import", () => {
  it("imports a Blogger export with a progress bar and a report, says so when there is nothing new, and names where a broken file breaks", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-import-"));
    dirs.push(dataDir);
    const bs = cli(dataDir);
    const file = path.join(dataDir, "blog.xml");
    const kind = (k: string) => `<category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#${k}"/>`;
    fs.writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<entry><id>tag:blogger.com,1999:blog-1.post-10</id><published>2024-06-19T09:00:00Z</published>${kind("post")}<title>Sea wall</title><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><link rel="alternate" href="https://x.blogspot.com/2024/06/sea-wall.html"/><author><name>Ed</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-11</id><published>2024-06-19T10:00:00Z</published>${kind("comment")}<content type="html">Hello</content><author><name>Anonymous</name></author><thr:in-reply-to ref="tag:blogger.com,1999:blog-1.post-10"/></entry>
</feed>`,
    );
    const dry = await bs("import", "blogger", file, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Dry run: nothing was written.");
    expect(dry.out).toContain("Posts: would add 1");
    const real = await bs("import", "blogger", file);
    expect(real.out).toContain("Posts: added 1, already here 0.");
    expect(real.out).toContain("Comments: added 1 (0 replies, 0 removed, kept as tombstones), already here 0.");
    expect((await bs("import", "blogger", file)).out).toContain("Nothing new");
    expect((await bs("set-views", "sea-wall", "61")).out).toContain("Sea wall: Total Views set to 61.");
    expect((await bs("set-views", "sea-wall", "-3")).code).toBe(2);
    expect((await bs("set-views", "no-such-post", "5")).code).toBe(2);
    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    try {
      expect((db.prepare("select t.view_count v from threads t join posts p on p.thread_id = t.id where p.slug = 'sea-wall'").get() as { v: number }).v).toBe(61);
    } finally {
      db.close();
    }
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("</title>", "</titel>"));
    const broken = await bs("import", "blogger", file);
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/line 2, column \d+ \(in entry tag:blogger.com,1999:blog-1.post-10\)/);
    expect((await bs("import", "wordpress", file)).code).toBe(2);
    expect((await bs("import", "livejournal", file)).out).toMatch(/formats read are blogger, wordpress, disqus and json/);
  });
});

describe("broadsheet backup", () => {
  it("copies a running blog's SQLite database consistently while it takes comments, and checks the copy", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-backup-"));
    dirs.push(dataDir);
    // The "running blog": the same database open in this process, taking comments during the backup.
    const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    const store = await openStore(config);
    const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
    await seedIfEmpty(deps, { withSampleContent: true });
    const post = await deps.posts.findPostBySlug("night-ferry-returns-to-the-islands");
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await postComment(deps, { threadId: post!.threadId, body: `During the backup ${written}`, clientAddress: "192.0.2.77", imported: true });
        written++;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    try {
      const bs = cli(dataDir);
      const target = path.join(dataDir, "copy.sqlite");
      const result = await bs("backup", target);
      writing = false;
      await writer;
      expect(result.code).toBe(0);
      const m = /Backed up to .*copy\.sqlite: 4 posts, (\d+) comments, 1 accounts; integrity ok\./.exec(result.out);
      expect(m).not.toBeNull();
      const copy = new SQLite(target, { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const copied = (copy.prepare("select count(*) as n from comments").get() as { n: number }).n;
      copy.close();
      expect(copied).toBe(Number(m?.[1]));
      expect(copied).toBeGreaterThanOrEqual(19);
      expect(copied).toBeLessThanOrEqual(19 + written);
      // Never over an existing file.
      const again = await bs("backup", target);
      expect(again.code).toBe(2);
      expect(again.out).toContain("exists; choose a new file");
    } finally {
      writing = false;
      await writer;
      await deps.views.close();
      await store.close();
    }
  }, 60_000);
});

describe("broadsheet restore", () => {
  it("puts a checked backup in place with the server stopped, keeps the database that was there, and refuses a running server or a damaged file", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-restore-"));
    dirs.push(dataDir);
    const bs = cli(dataDir);
    expect((await bs("user", "add", "--email", "first@example.test", "--name", "First", "--role", "admin")).code).toBe(0);
    const backup = path.join(dataDir, "monday.sqlite");
    expect((await bs("backup", backup)).code).toBe(0);
    expect((await bs("user", "add", "--email", "later@example.test", "--name", "Later", "--role", "editor")).code).toBe(0);

    // A running server holds the data folder: the restore refuses and changes nothing.
    const { acquireServerLock } = await import("../../src/server-lock.js");
    const release = acquireServerLock(dataDir);
    try {
      const refused = await bs("restore", backup);
      expect(refused.code).toBe(2);
      expect(refused.out).toMatch(/another Broadsheet server .* Stop the server, then restore\./);
    } finally {
      release();
    }
    expect((await bs("user", "list")).out).toContain("later@example.test");

    // A damaged backup is refused before anything moves.
    const damaged = path.join(dataDir, "damaged.sqlite");
    fs.writeFileSync(damaged, Buffer.concat([fs.readFileSync(backup).subarray(0, 4096), Buffer.alloc(4096, 0x5a)]));
    const bad = await bs("restore", damaged);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/is not a Broadsheet backup|failed its integrity check/);
    expect((await bs("user", "list")).out).toContain("later@example.test");

    const done = await bs("restore", backup);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toMatch(/Restored .*broadsheet\.sqlite: \d+ posts, \d+ comments, 1 accounts; integrity ok\./);
    const kept = /kept at (\S+)\./.exec(done.out)?.[1];
    expect(kept && fs.existsSync(kept)).toBe(true);
    const list = (await bs("user", "list")).out;
    expect(list).toContain("first@example.test");
    expect(list).not.toContain("later@example.test");
    // The previous database is intact, with the account made after the backup.
    const previous = new SQLite(kept!, { readonly: true });
    expect((previous.prepare("select count(*) as n from users").get() as { n: number }).n).toBe(2);
    previous.close();
  }, 60_000);
});

/** A blog as its first start leaves it (the site and an admin, no sample content), then stopped: a data folder for commands. */
async function stoppedBlog(prefix: string): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dataDir);
  const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const store = await openStore(config);
  const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
  await seedIfEmpty(deps, { withSampleContent: false });
  await deps.views.close();
  await store.close();
  return dataDir;
}

describe("broadsheet user invite", () => {
  it("makes the account with its role and writes the invitation (an .eml file with no SMTP server), logged as the command line", async () => {
    const dataDir = await stoppedBlog("bs-invite-");
    const bs = cli(dataDir);
    const res = await bs("user", "invite", "--email", "Nadia@Example.test", "--name", "Nadia", "--role", "moderator");
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain("Invited nadia@example.test (moderator); the invitation is sent.");
    expect((await bs("user", "list")).out).toMatch(/nadia@example\.test\tmoderator\tNadia/);
    const mails = fs.readdirSync(path.join(dataDir, "mail")).filter((f) => f.endsWith(".eml"));
    expect(mails).toHaveLength(1);
    const text = mails.map((f) => fs.readFileSync(path.join(dataDir, "mail", f), "utf8")).join("\n");
    expect(text).toContain("/account/reset?token=");
    const again = await bs("user", "invite", "--email", "nadia@example.test", "--name", "Nadia", "--role", "moderator");
    expect(again.code).not.toBe(0);
    expect(again.out).toContain("already has an account");
  }, 60_000);
});

describe("broadsheet settings", () => {
  it("shows the blog's settings and changes only what is given, through the console's use case (checked, logged)", async () => {
    const dataDir = await stoppedBlog("bs-settings-");
    const bs = cli(dataDir);
    expect((await bs("settings")).out).toContain("The Harbour Ledger (en, server time zone)");
    const changed = await bs("settings", "--time-zone", "Asia/Kuala_Lumpur", "--nav", "About | /pages/about", "--nav", "Archive | https://archive.example/", "--footer", "Since 2019.");
    expect(changed.code, changed.out).toBe(0);
    expect(changed.out).toContain("The Harbour Ledger (en, Asia/Kuala_Lumpur)");
    expect(changed.out).toContain("navigation: About | /pages/about; Archive | https://archive.example/");
    expect(changed.out).toContain("footer: Since 2019.");
    const refused = await bs("settings", "--accent", "#ffee00");
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain("is too light");
    expect((await bs("settings")).out).toContain("accent: (the design's)");
    const missing = await bs("settings", "--logo-file", path.join(dataDir, "no-such-logo.png"));
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain("--logo-file: cannot read");
    const logo = await bs("settings", "--logo-file", path.resolve("public/media/sea-wall.png"));
    expect(logo.code, logo.out).toBe(0);
    const url = /logo: (\/media\/[0-9a-f]{32}\.png)/.exec(logo.out)?.[1];
    expect(url, logo.out).toBeDefined();
    expect(fs.existsSync(path.join(dataDir, "media", url!.slice("/media/".length)))).toBe(true);
    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    const log = db.prepare("select actor_id, detail from moderation_log where action = 'settings'").all() as Array<{ actor_id: number | null; detail: string }>;
    db.close();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ actor_id: null });
    expect(log[0]!.detail).toContain("timeZone: none → “Asia/Kuala_Lumpur”");
  }, 60_000);
});

describe("broadsheet page", () => {
  it("adds, lists, changes and deletes the blog's static pages through the console's use cases (checked, logged)", async () => {
    const dataDir = await stoppedBlog("bs-pages-");
    const bs = cli(dataDir);
    const about = path.join(dataDir, "about.md");
    fs.writeFileSync(about, "# Who we are\n\nA newsroom of three. <script>alert(1)</script>");
    expect((await bs("page", "list")).out).toContain("No pages yet");
    const added = await bs("page", "save", "--title", "About us", "--body-file", about, "--position", "2");
    expect(added.code, added.out).toBe(0);
    expect(added.out).toContain("Added /pages/about-us");
    const changed = await bs("page", "save", "--slug", "about-us", "--title", "About the Ledger", "--body-file", about, "--hidden");
    expect(changed.out).toContain("Changed /pages/about-us (About the Ledger)");
    expect((await bs("page", "list")).out).toContain("/pages/about-us\tAbout the Ledger\tnot in the navigation");
    const wrong = await bs("page", "save", "--title", "Policy", "--body-file", about, "--position", "5000");
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain("The position is a whole number from 0 to 999.");

    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    const row = db.prepare("select body_html from static_pages where slug = 'about-us'").get() as { body_html: string };
    const log = db.prepare("select actor_id, detail from moderation_log where action = 'settings' order by id").all() as Array<{ actor_id: number | null; detail: string }>;
    db.close();
    expect(row.body_html).toContain("<h2>Who we are</h2>"); // the page title is the one h1
    expect(row.body_html).not.toContain("<script");
    expect(log.map((l) => l.actor_id)).toEqual([null, null]);
    expect(log[1]!.detail).toContain("changed");

    expect((await bs("page", "delete", "about-us")).out).toContain("Deleted /pages/about-us.");
    const gone = await bs("page", "delete", "about-us");
    expect(gone.code).not.toBe(0);
    expect(gone.out).toContain("There is no page at /pages/about-us.");
  }, 60_000);
});
