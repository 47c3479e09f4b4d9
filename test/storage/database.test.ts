import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { isDatabaseUnavailable, openSqlite } from "../../src/storage/db.js";
import { makeModerationStore } from "../../src/storage/moderation-store.js";
import { migrate, MIGRATIONS } from "../../src/storage/migrate.js";
import { dialects, openTestStore, PG_URL } from "../helpers/world.js";

describe("SQLite durability", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("opens a real file in WAL mode with synchronous=FULL, its temporary journals in memory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-db-"));
    dirs.push(dir);
    const store = openSqlite(path.join(dir, "x.sqlite"));
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe("wal");
    expect(sync.rows[0]?.synchronous).toBe(2);
    expect((await sql<{ temp_store: number }>`pragma temp_store`.execute(store.db)).rows[0]?.temp_store).toBe(2);
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

describe.each(dialects())("upgrading an existing database on %s", (dialect) => {
  it("gives accounts their comment record when moderation arrives (migration 7)", async () => {
    const { store, cleanup } = await openTestStore(dialect, { migrated: false });
    try {
      const db = store.db as unknown as Kysely<unknown>;
      // The schema as the previous release left it: migrations 1–6.
      await db.schema.createTable("schema_migrations").addColumn("version", "integer", (c) => c.primaryKey()).addColumn("name", "text").addColumn("applied_at", "bigint").execute();
      for (const m of MIGRATIONS.filter((x) => x.version <= 6)) {
        await m.up(db, store.dialect);
        await sql`insert into schema_migrations (version, name, applied_at) values (${m.version}, ${m.name}, ${0})`.execute(db);
      }
      await sql`insert into sites (name, allow_anonymous, max_depth, created_at) values ('Old', 1, 3, 0)`.execute(db);
      await sql`insert into users (email, display_name, role, password_hash, created_at) values ('a@example.test', 'A', 'commenter', 'x', 0)`.execute(db);
      await sql`insert into threads (site_id, mode, created_at) values (1, 'open', 0)`.execute(db);
      for (const [n, status, at] of [[1, "published", 500], [2, "removed_by_moderator", 700], [3, "published", 900]] as const) {
        await sql`insert into comments (thread_id, parent_id, number, number_path, root_number, author_user_id, author_name, body_source, body_html, status, created_at, edit_token_hash)
                  values (1, null, ${n}, ${String(n)}, ${n}, 1, 'A', 'x', '<p>x</p>', ${status}, ${at}, 'h')`.execute(db);
      }
      expect((await migrate(store)).applied).toEqual(MIGRATIONS.filter((x) => x.version > 6).map((x) => x.version));
      const history = await makeModerationStore(store).authorHistory({ userId: 1 });
      expect(history).toEqual({ total: 3, approved: 2, rejected: 1, firstSeenAt: 500 });
    } finally {
      await cleanup();
    }
  });
});


describe.skipIf(!PG_URL)("prepared statements on PostgreSQL", () => {
  it("survive another node changing a table under them (a rolling upgrade)", async () => {
    const { store, cleanup } = await openTestStore("postgres");
    try {
      await sql`create table gadgets (id integer primary key, name text)`.execute(store.db);
      await sql`insert into gadgets values (1, 'lamp')`.execute(store.db);
      const read = () => sql<Record<string, unknown>>`select * from gadgets where id = ${1}`.execute(store.db);
      for (let i = 0; i < 6; i++) expect((await read()).rows[0]).toEqual({ id: 1, name: "lamp" });
      await sql`alter table gadgets add column colour text`.execute(store.db);
      // Every pooled connection that prepared the statement gets it prepared again, with the new column.
      for (let i = 0; i < 8; i++) expect((await read()).rows[0]).toEqual({ id: 1, name: "lamp", colour: null });
    } finally {
      await cleanup();
    }
  });
});

describe.skipIf(!PG_URL)("a PostgreSQL that refuses for the moment", () => {
  // Real refusals from the real server, each a passing state (a failover, a full connection table):
  // the request is answered 503 with Retry-After (http/error-handler.tsx), not as our own failure.
  it("is unavailable, not broken: too many connections (53300), a read-only server after a failover (25006)", async () => {
    const pg = (await import("pg")).default;
    const role = `bs_full_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login connection limit 0`);
      const url = new URL(PG_URL as string);
      url.username = role;
      const full = new pg.Client({ connectionString: url.toString() });
      const refused = await full.connect().then(() => undefined, (err: unknown) => err);
      await full.end().catch(() => undefined);
      expect((refused as { code?: string }).code).toBe("53300");
      expect(isDatabaseUnavailable(refused)).toBe(true);

      await admin.query("begin read only");
      const readOnly = await admin.query("create temporary table t (x int)").then(() => undefined, (err: unknown) => err);
      await admin.query("rollback");
      expect((readOnly as { code?: string }).code).toBe("25006");
      expect(isDatabaseUnavailable(readOnly)).toBe(true);
      // And what is our own fault stays ours.
      const bad = await admin.query("select * from no_such_table").then(() => undefined, (err: unknown) => err);
      expect(isDatabaseUnavailable(bad)).toBe(false);
    } finally {
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });
});
