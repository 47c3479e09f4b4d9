import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { acquireServerLock } from "../../src/server-lock.js";
import { freePort } from "../helpers/ports.js";
import { SERVER_ARGS } from "../helpers/server-process.js";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Starts `npm start`'s entry point as its own process and waits for the URL it prints. */
function startProcess(dataDir: string, port: number) {
  const child = spawn(process.execPath, [...SERVER_ARGS], {
    env: { ...process.env, BROADSHEET_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn", BROADSHEET_VIEW_FLUSH_MS: "60000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      // A first start ends its banner with the admin password.
      if (/password: \S+\n/.test(out)) resolve(out);
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exited };
}

describe("npm start on an empty data folder", () => {
  it("creates the database with sample content, prints the admin login, and flushes views on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-start-"));
    dirs.push(dataDir);
    const port = await freePort();
    const proc = startProcess(dataDir, port);
    const printed = await proc.ready;
    expect(printed).toContain(`http://127.0.0.1:${port}/`);
    expect(printed).toMatch(/e-mail:\s+admin@localhost/);
    expect(printed).toMatch(/4 sample posts and 19 sample comments/);

    const front = await fetch(`http://127.0.0.1:${port}/`);
    expect(front.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/posts/coastal-councils-sign-joint-flood-defence-pact`, { headers: { "user-agent": FIREFOX } });
    expect(await page.text()).toContain("Total Views: <span class=\"view-count\" data-view-count>1</span>");

    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    const db = new SQLite(path.join(dataDir, "broadsheet.sqlite"), { readonly: true });
    try {
      const row = db.prepare("select t.view_count as views from posts p join threads t on t.id = p.thread_id where p.slug = ?").get("coastal-councils-sign-joint-flood-defence-pact") as { views: number };
      expect(row.views).toBe(1);
      expect(db.prepare("select count(*) as n from comments").get()).toEqual({ n: 19 });
      // Three sample comments went through screening: one published, a link dump and an insult held for the queue.
      expect(db.prepare("select status, screening from comments where network_hash is not null and id > 16 order by id").all()).toEqual([
        { status: "published", screening: null },
        { status: "pending", screening: JSON.stringify(["links: 2 links (cheap-island-deals.example) from a commenter without an approved comment"]) },
        { status: "pending", screening: JSON.stringify(["profanity: contains s**t"]) },
      ]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  }, 60_000);

  it("fails at start with every configuration problem listed", async () => {
    const child = spawn(process.execPath, [...SERVER_ARGS], { env: { ...process.env, PORT: "http", BROADSHEET_TIME_ZONE: "Mars/Olympus" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/PORT must be an integer/);
    expect(err).toMatch(/BROADSHEET_TIME_ZONE must be an IANA time zone/);
  }, 30_000);
});

describe("bad configuration stops the start with a clear message", () => {
  const run = (env: Record<string, string>) => {
    const child = spawn(process.execPath, [...SERVER_ARGS], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    return new Promise<{ code: number | null; err: string }>((resolve) => child.on("exit", (code) => resolve({ code, err })));
  };

  it("an unreachable PostgreSQL, with the password hidden", async () => {
    const { code, err } = await run({ DATABASE_URL: "postgres://bob:secret@127.0.0.1:1/broadsheet" });
    expect(code).toBe(1);
    expect(err).toMatch(/cannot reach PostgreSQL at postgres:\/\/bob:\*\*\*@127\.0\.0\.1:1\/broadsheet/);
    expect(err).not.toContain("secret");
  }, 30_000);

  it("an unreachable Redis, with the password hidden", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-redis-"));
    dirs.push(dataDir);
    const { code, err } = await run({ BROADSHEET_DATA_DIR: dataDir, REDIS_URL: "redis://:hunter2@127.0.0.1:1", BROADSHEET_SEED: "0" });
    expect(code).toBe(1);
    expect(err).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(err).not.toContain("hunter2");
  }, 30_000);

  it("a SQLite data folder another server is using", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-lock-"));
    dirs.push(dataDir);
    const port = await freePort();
    const first = startProcess(dataDir, port);
    await first.ready;
    try {
      const second = await run({ BROADSHEET_DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      expect(second.err).toMatch(/another Broadsheet server \(pid \d+\) is using/);
    } finally {
      first.child.kill("SIGTERM");
      await first.exited;
    }
    // A clean stop releases it.
    expect(fs.existsSync(path.join(dataDir, "server.pid"))).toBe(false);
  }, 60_000);

  it("a server killed with SIGKILL leaves no lock behind: the kernel releases it with the process", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-lock-"));
    dirs.push(dataDir);
    const port = await freePort();
    const first = startProcess(dataDir, port);
    await first.ready;
    first.child.kill("SIGKILL");
    await first.exited;
    // Its pid file is still there, naming a pid that the next process may well get again.
    expect(fs.existsSync(path.join(dataDir, "server.pid"))).toBe(true);
    // Its own free port: the one after the first's may be another test's by now.
    const secondPort = await freePort();
    const second = startProcess(dataDir, secondPort);
    try {
      // A restart prints no first-start banner: wait until it answers (or exits, which fails the test with what it printed).
      const exitedEarly = second.ready.then(() => "printed a first-start banner", (e: Error) => e.message);
      await expect.poll(async () => (await Promise.race([exitedEarly, fetch(`http://127.0.0.1:${secondPort}/healthz`).then((r) => r.status, () => 0)])), { timeout: 20_000 }).toBe(200);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  }, 60_000);
});

describe("the SQLite folder lock", () => {
  it("is not fooled by a pid file naming a live process: its own pid (a container's pid 1) or another's", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-lock-"));
    dirs.push(dataDir);
    for (const pid of [process.pid, process.ppid, 1]) {
      fs.writeFileSync(path.join(dataDir, "server.pid"), String(pid));
      const release = acquireServerLock(dataDir);
      // While held, a second server is refused, and told which process holds it.
      expect(() => acquireServerLock(dataDir)).toThrow(new RegExp(`another Broadsheet server \\(pid ${process.pid}\\) is using`));
      release();
    }
  });
});
