import { restoreSqliteBackup, RestoreError } from "../storage/restore-sqlite.js";
import type { PostStatus } from "../domain/posts/post.js";
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import cliProgress from "cli-progress";

import { copyDatabase } from "../storage/copy-database.js";
import { openPostgres, openSqlite } from "../storage/db.js";
import { migrate } from "../storage/migrate.js";
import { verifySqliteCopy } from "../storage/verify-backup.js";
import { loadConfig, redactUrl } from "../config.js";
import { DomainError } from "../domain/shared/errors.js";
import { updateSiteSettings } from "../domain/sites/site-settings.js";
import { navigationLines } from "../domain/sites/site-look.js";
import { LANGUAGES } from "../domain/sites/languages.js";
import { formatImportReport } from "../domain/imports/report.js";
import { ImportFileError } from "../imports/xml-stream.js";
import { importFile } from "../imports/import-file.js";
import { keepImportHeapLean } from "../imports/lean-heap.js";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import { OPERATOR } from "../domain/users/operator.js";
import { newSiteCredentials } from "../domain/sites/manage-sites.js";
import { seedIfEmpty } from "../seed/seed.js";
import { readInputFile } from "./input-file.js";
import { registerPageCommands } from "./page-commands.js";
import { registerSiteCommands } from "./site-commands.js";
import { registerUserCommands } from "./user-commands.js";
import { withDeps, withStore } from "./run-with.js";
import { setViewTotal } from "../domain/posts/set-view-total.js";
import { ExportFileError, readJsonExport, restoreJsonExport, writeJsonExport } from "../exports/broadsheet-json.js";
import { isEmptyForRestore } from "../storage/export-store.js";
import { writeWxrExport } from "../exports/wxr-writer.js";
import { cryptoRandom, sha256Hasher } from "../security/node-crypto.js";

/** The `broadsheet` command: the same use cases as the web pages, from a terminal. */
const program = new Command("broadsheet").description("Broadsheet administration").showHelpAfterError();

program
  .command("migrate")
  .description("bring the database schema up to date (start does this too)")
  .action(() => withDeps(async () => console.log("The database schema is up to date.")));

program
  .command("backup")
  .description("copy the SQLite database to <file> while the blog keeps running, then check the copy")
  .argument("<file>", "where to write the copy (must not exist)")
  .action((file: string) =>
    withStore(async (store) => {
      if (!store.backupTo) {
        console.error("broadsheet: this is a PostgreSQL database; back it up with pg_dump, e.g. pg_dump --format=custom --file=broadsheet.dump \"$DATABASE_URL\"");
        process.exitCode = 2;
        return;
      }
      const target = path.resolve(file);
      if (fs.existsSync(target)) {
        console.error(`broadsheet: ${target} exists; choose a new file (a backup never overwrites).`);
        process.exitCode = 2;
        return;
      }
      let shown = -1;
      await store.backupTo(target, (done) => {
        const pct = Math.floor(done * 100);
        if (pct >= shown + 10) {
          shown = pct;
          process.stderr.write(`  ${pct} %\n`);
        }
      });
      const check = verifySqliteCopy(target);
      if (check.integrity !== "ok") {
        console.error(`broadsheet: the copy failed its integrity check: ${check.integrity}`);
        process.exitCode = 1;
        return;
      }
      console.log(`Backed up to ${target}: ${check.posts} posts, ${check.comments} comments, ${check.users} accounts; integrity ok.`);
    }, { existing: true }),
  );

program
  .command("settings")
  .description("show or change the blog's settings (as /admin/settings does): only the options given change")
  .option("--name <name>")
  .option("--description <text>")
  .option("--language <lang>", LANGUAGES.join(", "))
  .option("--time-zone <zone>", "IANA zone such as Europe/London; \"\" for the server's")
  .option("--accent <#rrggbb>", "dark enough to read on the page (4.5:1); \"\" for the design's")
  .option("--logo <address>", "/media/… or https://…; \"\" for none")
  .option("--logo-file <path>", "a PNG, JPEG or WebP picture to upload as the logo (re-encoded, kept in the pictures library)")
  .option("--nav <link>", "\"Label | /path\"; repeat for more (replaces the list; --nav \"\" empties it)", (value: string, previous: string[] = []) => [...previous, value])
  .option("--footer <text>")
  .action((opts: { name?: string; description?: string; language?: string; timeZone?: string; accent?: string; logo?: string; logoFile?: string; nav?: string[]; footer?: string }) =>
    withDeps(async (deps) => {
      const logo = opts.logoFile === undefined ? undefined : readInputFile(opts.logoFile, "--logo-file");
      const site = await deps.sites.getSite(OWN_SITE_ID);
      const l = site.look;
      const changes = Object.values(opts).some((v) => v !== undefined);
      const after = !changes
        ? site
        : await updateSiteSettings(deps, {
            actor: OPERATOR,
            siteId: OWN_SITE_ID,
            form: {
              name: opts.name ?? site.name,
              language: opts.language ?? site.language,
              description: opts.description ?? l.description,
              timeZone: opts.timeZone ?? l.timeZone ?? "",
              accent: opts.accent ?? l.accent ?? "",
              logoUrl: opts.logo ?? l.logoUrl ?? "",
              navigation: opts.nav ? opts.nav.filter((n) => n.trim() !== "").join("\n") : navigationLines(l.navigation),
              footer: opts.footer ?? l.footer,
              allowAnonymous: site.allowAnonymous,
              maxDepth: String(site.maxDepth),
              votes: site.votes,
            },
            logo,
          });
      const a = after.look;
      console.log(`${after.name} (${after.language}, ${a.timeZone ?? "server time zone"})`);
      console.log(`  description: ${a.description || "(none)"}`);
      console.log(`  accent: ${a.accent ?? "(the design's)"}; logo: ${a.logoUrl ?? "(none)"}; footer: ${a.footer || "(none)"}`);
      console.log(`  navigation: ${a.navigation.map((n) => `${n.label} | ${n.href}`).join("; ") || "(the front page only)"}`);
      if (changes) console.log("Saved: a running server on PostgreSQL follows at once; on SQLite, within five seconds.");
    }, { existing: true }),
  );

registerPageCommands(program);

program
  .command("restore")
  .description("put a backup (from `broadsheet backup`) in place of the SQLite database, with the server stopped; the current one is kept beside it")
  .argument("<file>", "the backup to restore")
  .action((file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      console.error("broadsheet: this blog is on PostgreSQL; restore with pg_restore, e.g. pg_restore --clean --dbname \"$DATABASE_URL\" broadsheet.dump");
      process.exitCode = 2;
      return;
    }
    try {
      const r = restoreSqliteBackup(config.dataDir, path.resolve(file), Date.now());
      console.log(`Restored ${r.restored}: ${r.posts} posts, ${r.comments} comments, ${r.users} accounts; integrity ok.`);
      if (r.previous) console.log(`The database that was there is kept at ${r.previous}.`);
      console.log("Start the server: it brings the schema up to date if the backup is older.");
    } catch (err) {
      if (!(err instanceof RestoreError)) throw err;
      console.error(`broadsheet: ${err.message}`);
      process.exitCode = 2;
    }
  });

program
  .command("copy-db")
  .description("copy a whole blog into a new, empty database (e.g. SQLite to PostgreSQL), then compare counts")
  .requiredOption("--from <where>", "sqlite:<file> or postgres://…")
  .requiredOption("--to <where>", "sqlite:<file> or postgres://… (must be empty)")
  .action(async (opts: { from: string; to: string }) => {
    const open = async (where: string) => {
      const store = /^postgres(ql)?:\/\//.test(where) ? openPostgres(where) : where.startsWith("sqlite:") ? openSqlite(path.resolve(where.slice(7))) : undefined;
      if (!store) throw new InvalidArgumentError(`"${redactUrl(where)}" is neither sqlite:<file> nor postgres://…`);
      await migrate(store);
      return store;
    };
    const from = await open(opts.from);
    const to = await open(opts.to).catch(async (err: unknown) => {
      await from.close();
      throw err;
    });
    const bar = new cliProgress.SingleBar(
      { format: "  {bar} {percentage}% | {value}/{total} rows | {table}", noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 1000, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    try {
      const report = await copyDatabase(from, to, {
        start: (total) => bar.start(total, 0, { table: "" }),
        advance: (rows, table) => bar.increment(rows, { table }),
        stop: () => bar.stop(),
      });
      const wrong = report.filter((r) => r.source !== r.target);
      for (const r of report) console.log(`${r.table.padEnd(16)} ${String(r.source).padStart(9)} → ${String(r.target).padStart(9)}${r.source === r.target ? "" : "  MISMATCH"}`);
      if (wrong.length > 0) {
        console.error(`broadsheet: counts differ for ${wrong.map((r) => r.table).join(", ")}`);
        process.exitCode = 1;
      } else {
        console.log(`Copied to ${redactUrl(opts.to)}; every table's count matches.`);
      }
    } catch (err) {
      bar.stop();
      console.error(`broadsheet: ${err instanceof Error ? err.message : String(err)} (nothing was written)`);
      process.exitCode = 2;
    } finally {
      await from.close();
      await to.close();
    }
  });

registerUserCommands(program);
program
  .command("import")
  .description("import an export from another system (safe to run again: what was imported is recognised and skipped)")
  .argument("<format>", "blogger (the Atom file from Blogger's settings), wordpress (WXR, from Tools → Export), disqus (its XML export) or json (our own export, into an empty database)")
  .argument("<file>", "the export file")
  .option("--site <id>", "the site to import into (default: our blog)", (v: string) => Number(v), OWN_SITE_ID)
  .option("--dry-run", "read and count, write nothing", false)
  .hook("preAction", keepImportHeapLean)
  .action((format: string, file: string, opts: { site: number; dryRun: boolean }) =>
    format === "json" ? restoreFromExport(file, opts.dryRun) : withDeps(async (deps) => {
      if (format !== "blogger" && format !== "wordpress" && format !== "disqus") throw new DomainError("invalid_input", `Cannot import "${format}": the formats read are blogger, wordpress, disqus and json (our own export).`);
      // Moving in before the first start: the blog (and its admin, printed once) is made now, without sample posts.
      const seeded = await seedIfEmpty({ ...deps }, { withSampleContent: false });
      if (seeded?.admin) console.log(`Created the blog. Admin account (shown once, keep it): ${seeded.admin.email} / ${seeded.admin.password}`);
      const size = fs.statSync(file).size;
      const bar = new cliProgress.SingleBar(
        { format: "  {bar} {percentage}% | {value}/{total} KB read", noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 1000, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.ceil(size / 1024), 0);
      let read = 0;
      let report;
      try {
        const run = () => importFile(deps, { file, source: format, siteId: opts.site, dryRun: opts.dryRun, onBytes: (bytes) => bar.update(Math.ceil((read += bytes) / 1024)) });
        report = await (deps.store.bulkWrites ? deps.store.bulkWrites(run) : run());
      } catch (err) {
        bar.stop();
        if (err instanceof ImportFileError) {
          console.error(`broadsheet: the file is not a readable export: ${err.message}. What was imported before this point is recorded; a re-run continues from it.`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      bar.stop();
      console.log(formatImportReport(report));
    }),
  );

/** `import json`: our own export back into an empty database, all or nothing. */
async function restoreFromExport(file: string, dryRun: boolean): Promise<void> {
  await withStore(async (store) => {
    if (!dryRun && !(await isEmptyForRestore(store))) {
      console.error("broadsheet: import json fills an empty database only (this one has sites, users or posts). Point DATA_DIR or DATABASE_URL at a new one.");
      process.exitCode = 2;
      return;
    }
    try {
      const counts = dryRun ? await countExport(file) : await restoreJsonExport(store, file, { newSiteSecret: () => newSiteCredentials(cryptoRandom).secret, newEditTokenHash: () => sha256Hasher.sha256(cryptoRandom.token(24)) });
      console.log(`${dryRun ? "Would restore" : "Restored"}: ${Object.entries(counts).map(([type, n]) => `${n} ${type}`).join(", ")}.`);
    } catch (err) {
      if (err instanceof ExportFileError) {
        console.error(`broadsheet: ${file} is not a whole Broadsheet export: ${err.message}. Nothing was written.`);
        process.exitCode = 2;
        return;
      }
      throw err;
    }
  });
}

async function countExport(file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const r of readJsonExport(file)) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

program
  .command("export")
  .description("write everything (or one site) to a file: our documented JSON Lines format (docs/export-format.md), or a WordPress WXR file")
  .argument("<file>", "where to write it")
  .option("--site <id>", "only this site's threads, posts and comments (wxr: default our blog)", (v: string) => Number(v))
  .option("--format <format>", "json (ours, restorable with `import json`) or wxr (WordPress)", "json")
  .option("--with-secrets", "include password hashes and site secrets (keep the file safe)", false)
  .action((file: string, opts: { site?: number; format: string; withSecrets: boolean }) =>
    withStore(async (store) => {
      if (opts.format === "wxr") {
        const wrote = await writeWxrExport(store, file, { siteId: opts.site ?? OWN_SITE_ID, baseUrl: loadConfig().publicUrl, now: Date.now() });
        console.log(`Wrote ${file} (WordPress WXR 1.2): ${wrote.posts} posts, ${wrote.comments} comments.`);
        return;
      }
      if (opts.format !== "json") throw new InvalidArgumentError(`--format must be json or wxr, not "${opts.format}"`);
      const counts = await writeJsonExport(store, file, { siteId: opts.site ?? null, secrets: opts.withSecrets, now: Date.now() });
      console.log(`Wrote ${file}: ${Object.entries(counts).filter(([, n]) => n > 0).map(([type, n]) => `${n} ${type}`).join(", ")}.`);
    }, { existing: true }),
  );

program
  .command("set-views")
  .description("set a post's view total (readers it had before it moved here); readers counted from now on add to it")
  .argument("<slug>", "the post's address name, as in /posts/<slug>")
  .argument("<total>", "the total", (v: string) => Number(v))
  .action((slug: string, total: number) =>
    withDeps(async (deps) => {
      const post = await setViewTotal(deps, { slug, total });
      console.log(`${post.title}: Total Views set to ${total}.`);
    }, { existing: true }),
  );

const posts = program.command("post").description("the blog's posts");

posts
  .command("list")
  .description("list posts, last changed first: status, publication time (UTC), views, comments, address, title")
  .option("--status <status>", "only draft, scheduled, published or trashed posts (default: all but the trash)")
  .option("--limit <n>", "at most this many", (v: string) => Number(v), 50)
  .action((opts: { status?: string; limit: number }) =>
    withDeps(async (deps) => {
      if (opts.status !== undefined && !["draft", "scheduled", "published", "trashed"].includes(opts.status)) throw new DomainError("invalid_input", "A status is draft, scheduled, published or trashed.", "status");
      if (!Number.isSafeInteger(opts.limit) || opts.limit < 1) throw new DomainError("invalid_input", "The limit is a whole number of at least 1.", "limit");
      // The status filter is applied to the most recent posts the store lists (at most 10,000).
      const rows = await deps.posts.listAllPosts(opts.limit, { status: opts.status as PostStatus | undefined });
      for (const r of rows) {
        const at = r.post.publishedAt === null ? "-" : new Date(r.post.publishedAt).toISOString();
        console.log([r.post.status, at, r.viewCount, r.commentCount, `/posts/${r.post.slug}`, r.post.title.replace(/[\t\r\n]+/g, " ")].join("\t"));
      }
      if (rows.length === 0) console.log("No posts.");
    }, { existing: true }),
  );

registerSiteCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`broadsheet: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
