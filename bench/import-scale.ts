// The importers at scale: a generated Blogger and WordPress export (by default 10,000 posts and
// 1,000,000 comments), each imported by `broadsheet import` into a fresh SQLite file and a fresh
// PostgreSQL database, then the same file again (nothing new). Wall time and peak RSS of the
// command, as /usr/bin/time reports them.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { writeBloggerFile, writeWordPressFile } from "./import-files.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface ImportScaleRow {
  readonly format: "blogger" | "wordpress";
  readonly database: "SQLite" | "PostgreSQL";
  readonly fileMb: number;
  readonly comments: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly rerunSeconds: number;
  readonly rerunPeakRssMb: number;
  readonly added: string;
}

function parseTime(text: string): { seconds: number; peakRssMb: number } {
  const m = /TIME ([\d.]+) (\d+)/.exec(text);
  return { seconds: Number(m?.[1] ?? NaN), peakRssMb: Number(m?.[2] ?? NaN) / 1024 };
}

/** Imports the file twice (the second time adds nothing); `/usr/bin/time` writes to stderr, folded into stdout here. */
function run(format: "blogger" | "wordpress", file: string, env: Record<string, string>) {
  const go = () => {
    const out = execFileSync("sh", ["-c", `/usr/bin/time -f "TIME %e %M" "${process.execPath}" "${path.join(root, "bin/broadsheet.mjs")}" import ${format} "${file}" 2>&1`], {
      env: { ...process.env, ...env, LOG_LEVEL: "silent" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return { out, ...parseTime(out) };
  };
  const first = go();
  const again = go();
  return { first, again };
}

export async function importScaleRun(options: { posts: number; comments: number; pgUrl?: string | undefined; log: (line: string) => void }): Promise<ImportScaleRow[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-import-bench-"));
  const rows: ImportScaleRow[] = [];
  try {
    for (const format of ["blogger", "wordpress"] as const) {
      const file = path.join(work, `${format}.xml`);
      const comments = (format === "blogger" ? writeBloggerFile : writeWordPressFile)(file, options);
      const fileMb = fs.statSync(file).size / 1e6;
      options.log(`  ${format}: ${options.posts} posts, ${comments} comments, ${fileMb.toFixed(0)} MB`);
      const targets: Array<["SQLite" | "PostgreSQL", () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>]> = [
        ["SQLite", async () => ({ env: { BROADSHEET_DATA_DIR: fs.mkdtempSync(path.join(work, "data-")) }, drop: async () => undefined })],
      ];
      if (options.pgUrl) {
        const pgUrl = options.pgUrl;
        targets.push([
          "PostgreSQL",
          async () => {
            const name = `bs_import_${crypto.randomBytes(4).toString("hex")}`;
            const admin = new pg.Client({ connectionString: pgUrl });
            await admin.connect();
            await admin.query(`create database ${name}`);
            await admin.end();
            const url = new URL(pgUrl);
            url.pathname = `/${name}`;
            return {
              env: { DATABASE_URL: url.toString(), BROADSHEET_DATA_DIR: fs.mkdtempSync(path.join(work, "data-")) },
              drop: async () => {
                const a = new pg.Client({ connectionString: pgUrl });
                await a.connect();
                await a.query(`drop database if exists ${name}`);
                await a.end();
              },
            };
          },
        ]);
      }
      for (const [database, open] of targets) {
        const target = await open();
        try {
          const { first, again } = run(format, file, target.env);
          const added = /Comments: added (\d+)/.exec(first.out)?.[1] ?? "?";
          if (!/Nothing new/.test(again.out)) throw new Error(`the re-run of ${format} on ${database} added something:\n${again.out}`);
          rows.push({ format, database, fileMb, comments, seconds: first.seconds, peakRssMb: first.peakRssMb, rerunSeconds: again.seconds, rerunPeakRssMb: again.peakRssMb, added });
          options.log(`  ${format} → ${database}: ${first.seconds.toFixed(1)} s, peak ${first.peakRssMb.toFixed(0)} MB (added ${added}); again: ${again.seconds.toFixed(1)} s, peak ${again.peakRssMb.toFixed(0)} MB`);
        } finally {
          await target.drop();
        }
      }
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = await importScaleRun({
    posts: Number(process.env.BENCH_IMPORT_POSTS ?? 10_000),
    comments: Number(process.env.BENCH_IMPORT_COMMENTS ?? 1_000_000),
    pgUrl: process.env.BENCH_DATABASE_URL === "" ? undefined : (process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"),
    log: (l) => console.log(l),
  });
  console.table(rows);
}
