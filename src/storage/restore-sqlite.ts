import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { acquireServerLock } from "../server-lock.js";
import { verifySqliteCopy } from "./verify-backup.js";

export interface RestoreReport {
  readonly restored: string;
  /** Where the database that was there before now lives (with its -wal), or null when there was none. */
  readonly previous: string | null;
  readonly posts: number;
  readonly comments: number;
  readonly users: number;
}

/**
 * Puts a backup (from `broadsheet backup`) in place of a data folder's database, with the server
 * stopped: the server's own lock is taken for the whole restore, so a running server makes it
 * refuse, and no server can start half-way. The backup is checked before (integrity, and that it
 * is a Broadsheet database) and the result after; the database that was there is kept beside it,
 * never deleted. The copy is written to a temporary file, synced and renamed into place, so a
 * crash leaves either the old database or the new one, not a mixture.
 */
export function restoreSqliteBackup(dataDir: string, backup: string, now: number): RestoreReport {
  if (!fs.existsSync(backup)) throw new RestoreError(`${backup} does not exist.`);
  let check: ReturnType<typeof verifySqliteCopy>;
  try {
    check = verifySqliteCopy(backup);
  } catch (err) {
    throw new RestoreError(`${backup} is not a Broadsheet backup: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (check.integrity !== "ok") throw new RestoreError(`${backup} failed its integrity check (${check.integrity}); nothing was changed.`);
  let release: () => void;
  try {
    release = acquireServerLock(dataDir);
  } catch (err) {
    throw new RestoreError(`${err instanceof Error ? err.message : String(err)} Stop the server, then restore.`);
  }
  try {
    const target = path.join(dataDir, "broadsheet.sqlite");
    const temp = `${target}.restoring`;
    fs.copyFileSync(backup, temp);
    syncFile(temp);
    let previous: string | null = null;
    if (fs.existsSync(target)) {
      previous = `${target}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
      // The database with its log: a -wal left behind would be replayed into the restored file.
      for (const suffix of ["", "-wal", "-shm"]) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, previous + suffix);
    }
    fs.renameSync(temp, target);
    syncFile(dataDir);
    const after = verifySqliteCopy(target);
    if (after.integrity !== "ok") throw new RestoreError(`the restored database failed its integrity check (${after.integrity}); the previous one is at ${previous ?? "(none)"}.`);
    // Opened once read-write, so the next start finds a database in WAL mode like any other.
    const db = new SQLite(target);
    db.pragma("journal_mode = WAL");
    db.close();
    return { restored: target, previous, posts: after.posts, comments: after.comments, users: after.users };
  } finally {
    release();
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A restore refused: the message says why, and that nothing was changed unless it says otherwise. */
export class RestoreError extends Error {}
