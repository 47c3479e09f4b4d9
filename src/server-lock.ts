import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

/**
 * One server per SQLite data folder. SQLite itself would let a second process in (WAL), but the
 * rate-limit counters, the page cache and the event bus of a SQLite deployment live in the one
 * process, so a second server would quietly double every limit and miss every other write.
 *
 * The lock is an exclusive lock on an open file (`server.lock`, taken through SQLite's own POSIX
 * locking, so no native addon of our own): the kernel releases it the moment its holder dies,
 * however it died. Nothing is decided from a pid, which can be reused (a container's server is
 * pid 1 after every restart) — `server.pid` only tells a person which process holds the lock.
 * (CLI commands such as `broadsheet backup` do not take it: they are meant to run beside the server.)
 */
export function acquireServerLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "server.lock");
  const pidFile = path.join(dataDir, "server.pid");
  const lock = new SQLite(lockFile, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code !== "SQLITE_BUSY") throw err;
    const holder = readPid(pidFile);
    throw new Error(
      `another Broadsheet server${holder ? ` (pid ${holder})` : ""} is using ${dataDir}. SQLite serves one process: stop that one, or move to PostgreSQL (DATABASE_URL) to run several nodes.`,
    );
  }
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  return () => {
    fs.rmSync(pidFile, { force: true });
    lock.close();
  };
}

function readPid(file: string): string | undefined {
  try {
    return /^\d+/.exec(fs.readFileSync(file, "utf8"))?.[0];
  } catch {
    return undefined;
  }
}
