import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Dialect, Store } from "./db.js";
import * as m001 from "./migrations/001-initial.js";
import * as m002 from "./migrations/002-sessions.js";
import * as m003 from "./migrations/003-editorial.js";
import * as m004 from "./migrations/004-search.js";
import * as m005 from "./migrations/005-reader-stats.js";
import * as m006 from "./migrations/006-comment-accounts.js";
import * as m007 from "./migrations/007-moderation.js";
import * as m008 from "./migrations/008-view-drains.js";
import * as m009 from "./migrations/009-cjk-search.js";
import * as m010 from "./migrations/010-embedding.js";
import * as m011 from "./migrations/011-imports.js";
import * as m012 from "./migrations/012-import-staging.js";
import * as m013 from "./migrations/013-readers.js";
import * as m014 from "./migrations/014-votes.js";
import * as m015 from "./migrations/015-featured-comments.js";
import * as m016 from "./migrations/016-digests-and-queue-notices.js";
import * as m017 from "./migrations/017-api-tokens.js";
import * as m018 from "./migrations/018-disabled-accounts.js";
import * as m019 from "./migrations/019-site-look-and-pages.js";
import * as m020 from "./migrations/020-post-trash.js";
import * as m021 from "./migrations/021-audit-log-sites.js";
import * as m022 from "./migrations/022-webhook-events.js";
import * as m023 from "./migrations/023-site-bans.js";
import * as m024 from "./migrations/024-site-readers.js";

interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration, in order. They only move forward. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "initial", up: m001.up },
  { version: 2, name: "sessions", up: m002.up },
  { version: 3, name: "editorial", up: m003.up },
  { version: 4, name: "search", up: m004.up },
  { version: 5, name: "reader-stats", up: m005.up },
  { version: 6, name: "comment-accounts", up: m006.up },
  { version: 7, name: "moderation", up: m007.up },
  { version: 8, name: "view drains", up: m008.up },
  { version: 9, name: "cjk search", up: m009.up },
  { version: 10, name: "embedding", up: m010.up },
  { version: 11, name: "imports", up: m011.up },
  { version: 12, name: "import staging", up: m012.up },
  { version: 13, name: "readers", up: m013.up },
  { version: 14, name: "votes", up: m014.up },
  { version: 15, name: "featured comments", up: m015.up },
  { version: 16, name: "digests and queue notices", up: m016.up },
  { version: 17, name: "api tokens", up: m017.up },
  { version: 18, name: "disabled accounts", up: m018.up },
  { version: 19, name: "site look and static pages", up: m019.up },
  { version: 20, name: "post trash", up: m020.up },
  { version: 21, name: "audit log sites", up: m021.up },
  { version: 22, name: "webhook events", up: m022.up },
  { version: 23, name: "site bans", up: m023.up },
  { version: 24, name: "site readers", up: m024.up },
];

const LOCK_KEY = 7_240_601; // arbitrary, constant: serialises migrations across nodes on PostgreSQL

/** Brings the schema up to date. Refuses a database migrated by a newer Broadsheet. */
export async function migrate(store: Store): Promise<{ applied: number[] }> {
  const db = store.db as unknown as Kysely<unknown>;
  await db.schema
    .createTable("schema_migrations")
    .ifNotExists()
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("applied_at", store.dialect === "postgres" ? "bigint" : "integer", (c) => c.notNull())
    .execute();
  return db.connection().execute(async (conn) => {
    if (store.dialect === "postgres") await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      const rows = await sql<{ version: number }>`select version from schema_migrations`.execute(conn);
      const done = new Set(rows.rows.map((r) => Number(r.version)));
      const newest = Math.max(0, ...done);
      const known = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
      if (newest > known) {
        throw new Error(`The database is at schema version ${newest}, newer than this Broadsheet knows (${known}). Upgrade Broadsheet.`);
      }
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        if (store.dialect === "sqlite") await sql`begin immediate`.execute(conn);
        else await sql`begin`.execute(conn);
        try {
          await m.up(conn, store.dialect);
          await sql`insert into schema_migrations (version, name, applied_at) values (${m.version}, ${m.name}, ${Date.now()})`.execute(conn);
          await sql`commit`.execute(conn);
        } catch (err) {
          await sql`rollback`.execute(conn);
          throw err;
        }
        applied.push(m.version);
      }
      return { applied };
    } finally {
      if (store.dialect === "postgres") await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}
