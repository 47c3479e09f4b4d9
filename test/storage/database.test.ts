import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/storage/db.js";
import { migrate, MIGRATIONS } from "../../src/storage/migrate.js";
import { dialects, openTestStore } from "../helpers/world.js";

describe("SQLite durability", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("opens a real file in WAL mode with synchronous=FULL", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-db-"));
    dirs.push(dir);
    const store = openSqlite(path.join(dir, "x.sqlite"));
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe("wal");
    expect(sync.rows[0]?.synchronous).toBe(2);
    await store.close();
    expect(fs.existsSync(path.join(dir, "x.sqlite"))).toBe(true);
  });
});

describe.each(dialects())("migrations on %s", (dialect) => {
  it("run once, are idempotent, and refuse a database from a newer Broadsheet", async () => {
    const { store, cleanup } = await openTestStore(dialect);
    try {
      expect((await migrate(store)).applied).toEqual([]);
      const newer = (MIGRATIONS.at(-1)?.version ?? 0) + 1;
      await sql`insert into schema_migrations (version, name, applied_at) values (${newer}, ${"future"}, ${0})`.execute(store.db);
      await expect(migrate(store)).rejects.toThrow(/newer than this Broadsheet/);
    } finally {
      await cleanup();
    }
  });
});
