import fs from "node:fs";
import path from "node:path";

/**
 * One server per SQLite data folder. SQLite itself would let a second process in (WAL), but the
 * rate-limit counters, the page cache and the event bus of a SQLite deployment live in the one
 * process, so a second server would quietly double every limit and miss every other write. The
 * lock is a pid file; one left by a process that no longer runs is taken over. (CLI commands such
 * as `broadsheet backup` do not take it: they are meant to run beside the server.)
 */
export function acquireServerLock(dataDir: string): () => void {
  const file = path.join(dataDir, "server.pid");
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new Error(
          `another Broadsheet server (pid ${pid}) is using ${dataDir}. SQLite serves one process: stop that one, or move to PostgreSQL (DATABASE_URL) to run several nodes.`,
        );
      }
      fs.rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`could not take the server lock ${file}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
