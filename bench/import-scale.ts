// The importers at scale: a generated Blogger and WordPress export (by default 10,000 posts and
// 1,000,000 comments), each imported by `broadsheet import` into a fresh SQLite file and a fresh
// PostgreSQL database, then the same file again (nothing new). Wall time and peak RSS of the
// command, as /usr/bin/time reports them. Part of `npm run bench` (BENCH_ONLY=import runs it alone;
// BENCH_IMPORT=0 leaves it out); `npx tsx bench/import-scale.ts` runs it by itself too.
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
  /** The same-run reference: the file read alone by the parser the importers use (saxes, namespaces and positions on), no records built. */
  readonly parseSeconds: number;
}

/** Seconds for saxes alone to read the file, in a process of its own (the reference the import is compared with). */
function parseOnlySeconds(file: string): number {
  const script = `const fs=require("node:fs");const {SaxesParser}=require("saxes");const p=new SaxesParser({xmlns:true,position:true});let n=0;p.on("opentag",()=>n++);p.on("text",()=>{});const t=process.hrtime.bigint();(async()=>{for await (const c of fs.createReadStream(process.argv[1],{encoding:"utf8",highWaterMark:256*1024}))p.write(c);p.close();console.log(Number(process.hrtime.bigint()-t)/1e9)})()`;
  return Number(execFileSync(process.execPath, ["-e", script, file], { cwd: root, encoding: "utf8" }).trim());
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

/** The issue's scale: 10,000 posts and 1,000,000 comments (BENCH_IMPORT_POSTS, BENCH_IMPORT_COMMENTS change it). */
export function importScaleOptions(log: (line: string) => void) {
  return {
    posts: Number(process.env.BENCH_IMPORT_POSTS ?? 10_000),
    comments: Number(process.env.BENCH_IMPORT_COMMENTS ?? 1_000_000),
    pgUrl: process.env.BENCH_DATABASE_URL === "" ? undefined : (process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"),
    log,
  };
}

/** BENCHMARKS.md's lines for the import runs: targets are absolute (2 minutes, 300 MB, 30 s), shown beside the same-run parse reference. */
export function importScaleLines(rows: readonly ImportScaleRow[]): string[] {
  return [
    "| import (issue 12) | file | database | import s | × parser alone | peak RSS MB | again (nothing new) s | × parser alone | peak RSS MB | verdict (SQLite: < 120 s, < 300 MB, again < 30 s) |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map((r) => {
      const verdict = r.database !== "SQLite" ? "reported" : [r.seconds < 120 ? "time met" : "time missed", r.peakRssMb < 300 ? "memory met" : "memory missed", r.rerunSeconds < 30 ? "again met" : "again missed"].join(", ");
      return `| ${r.comments.toLocaleString("en")} comments | ${r.format}, ${r.fileMb.toFixed(0)} MB | ${r.database} | ${r.seconds.toFixed(1)} | ${(r.seconds / r.parseSeconds).toFixed(1)} | ${r.peakRssMb.toFixed(0)} | ${r.rerunSeconds.toFixed(1)} | ${(r.rerunSeconds / r.parseSeconds).toFixed(1)} | ${r.rerunPeakRssMb.toFixed(0)} | ${verdict} |`;
    }),
    "",
    `Import: \`broadsheet import\` (the built command) of a generated export (bench/import-files.ts: a fifth of the comments replies, one in fifty removed) into a fresh database, then the same file again; wall time and peak RSS from /usr/bin/time. The reference, measured in the same run, is saxes alone reading the same file (${rows.map((r) => `${r.format} ${r.parseSeconds.toFixed(1)} s`).filter((v, i, a) => a.indexOf(v) === i).join(", ")}): what no importer reading this XML can go below on this machine today.`,
    "",
  ];
}

export async function importScaleRun(options: { posts: number; comments: number; pgUrl?: string | undefined; log: (line: string) => void }): Promise<ImportScaleRow[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-import-bench-"));
  const rows: ImportScaleRow[] = [];
  try {
    for (const format of ["blogger", "wordpress"] as const) {
      const file = path.join(work, `${format}.xml`);
      const comments = (format === "blogger" ? writeBloggerFile : writeWordPressFile)(file, options);
      const fileMb = fs.statSync(file).size / 1e6;
      const parseSeconds = parseOnlySeconds(file);
      options.log(`  ${format}: ${options.posts} posts, ${comments} comments, ${fileMb.toFixed(0)} MB; the parser alone reads it in ${parseSeconds.toFixed(1)} s`);
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
          rows.push({ format, database, fileMb, comments, seconds: first.seconds, peakRssMb: first.peakRssMb, rerunSeconds: again.seconds, rerunPeakRssMb: again.peakRssMb, added, parseSeconds });
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
  const rows = await importScaleRun(importScaleOptions((l) => console.log(l)));
  console.log(importScaleLines(rows).join("\n"));
}
