import type { Role } from "../../src/domain/users/user.js";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { composeDeps } from "../../src/compose.js";
import { loadConfig, type Config } from "../../src/config.js";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { createPost, type CreatePostInput } from "../../src/domain/posts/create-post.js";
import type { Post } from "../../src/domain/posts/post.js";
import { openPostgres, openSqlite, type Store } from "../../src/storage/db.js";
import { migrate } from "../../src/storage/migrate.js";
import { makeScryptPasswords } from "../../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../../src/seed/seed.js";
import { newSiteCredentials } from "../../src/domain/sites/manage-sites.js";
import { makeSiteStore } from "../../src/storage/site-store.js";
import { FakeClock } from "./clock.js";

export type DialectName = "sqlite" | "postgres";

/** PostgreSQL for tests: set TEST_DATABASE_URL (CI always does). */
export const PG_URL = process.env.TEST_DATABASE_URL;

/** Redis for tests: set TEST_REDIS_URL (CI always does). */
export const REDIS_URL = process.env.TEST_REDIS_URL;

/** The dialects storage tests run on; prints one loud line when PostgreSQL is skipped. */
export function dialects(): DialectName[] {
  if (!PG_URL) {
    console.warn("\n*** PostgreSQL storage tests SKIPPED: set TEST_DATABASE_URL=postgres://… to run them (CI always does) ***\n");
    return ["sqlite"];
  }
  return ["sqlite", "postgres"];
}

/** A fresh database on a real SQLite file (or a fresh PostgreSQL schema), migrated unless told not to. */
export async function openTestStore(
  dialect: DialectName = "sqlite",
  options: { migrated?: boolean } = {},
): Promise<{ store: Store; cleanup: () => Promise<void>; file?: string }> {
  const migrated = options.migrated ?? true;
  if (dialect === "postgres") {
    if (!PG_URL) throw new Error("TEST_DATABASE_URL is not set");
    const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
    const admin = openPostgres(PG_URL, { max: 1 });
    await admin.db.schema.createSchema(schema).execute();
    const store = openPostgres(PG_URL, { schema, max: 4 });
    if (migrated) await migrate(store);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await admin.db.schema.dropSchema(schema).cascade().execute();
        await admin.close();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-test-"));
  const file = path.join(dir, "test.sqlite");
  const store = openSqlite(file);
  if (migrated) await migrate(store);
  return {
    store,
    file,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** A site with nothing in it, a fake clock, and factories for posts and comments. */
export async function makeWorld(
  options: { dialect?: DialectName; env?: Record<string, string>; allowAnonymous?: boolean; maxDepth?: number; startAt?: number; sampleContent?: boolean } = {},
) {
  const { store, cleanup, file } = await openTestStore(options.dialect);
  const clock = new FakeClock(options.startAt);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-data-"));
  const config: Config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, BROADSHEET_COMMENT_WRITES_PER_MINUTE: "100000", LOG_LEVEL: "silent", ...options.env });
  // Real scrypt, with a lower cost so tests stay quick.
  const deps = await composeDeps(config, store, { clock, passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
  if (options.sampleContent) {
    await seedIfEmpty(deps, { withSampleContent: true });
  } else {
    const site = { name: "Test Gazette", origins: [], language: "en", webhookUrl: null, allowAnonymous: options.allowAnonymous ?? true, maxDepth: options.maxDepth ?? 3 };
    await makeSiteStore(store).insertSite({ ...site, ...newSiteCredentials(deps.random) }, clock.now());
  }
  let n = 0;
  return {
    store,
    /** The SQLite file, when the world is on SQLite. */
    sqliteFile: file,
    clock,
    config,
    deps,
    async cleanup() {
      deps.mailSender.close();
      await deps.events.close();
      await deps.redis?.quit();
      await cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    /** A published post (an hour old by default) with an open thread. */
    async makePost(input: Partial<CreatePostInput> = {}): Promise<Post> {
      n++;
      return createPost(deps, { siteId: 1, title: `Post number ${n}`, body: `Body of post ${n}.`, publishedAt: clock.now() - 3600_000, ...input });
    },
    /** An account with this role (password hashing skipped: these tests never sign in with it). */
    async makeUser(role: Role, email = `${role}${++n}@example.test`) {
      return deps.users.insertUser({ email, displayName: `The ${role} ${n}`, role, passwordHash: "x", createdAt: clock.now() });
    },
    /** A comment by an anonymous reader (each call from a different address) unless told otherwise. */
    async makeComment(post: Post, input: { body?: string; parentId?: number; authorName?: string; authorWebsite?: string; clientAddress?: string } = {}) {
      n++;
      return postComment(deps, {
        threadId: post.threadId,
        body: input.body ?? "A comment.",
        parentId: input.parentId,
        authorName: input.authorName,
        authorWebsite: input.authorWebsite,
        clientAddress: input.clientAddress ?? `198.51.100.${n % 250}`,
      });
    },
  };
}

/** Deletes a test's Redis keys (they would expire, but a shared Redis should be left as found). */
export async function dropRedisKeys(prefix: string): Promise<void> {
  if (!REDIS_URL) return;
  const { Redis } = await import("ioredis");
  const r = new Redis(REDIS_URL);
  try {
    const keys = await r.keys(`${prefix}*`);
    if (keys.length > 0) await r.del(...keys);
  } finally {
    r.disconnect();
  }
}
