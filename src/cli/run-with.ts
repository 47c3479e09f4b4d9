import fs from "node:fs";
import path from "node:path";
import { composeDeps, openStore } from "../compose.js";
import { loadConfig, redactUrl } from "../config.js";
import { DomainError } from "../domain/shared/errors.js";
import type { Store } from "../storage/db.js";

/**
 * Commands that read or change a blog refuse to run where there is none, rather than make an empty
 * database in the wrong folder and report nothing: the SQLite file must exist before it is opened,
 * and hold a site or an account.
 */
export type Existing = { existing?: boolean };
export type Deps = Awaited<ReturnType<typeof composeDeps>>;

function noBlogHere(config: ReturnType<typeof loadConfig>): DomainError {
  const where = config.databaseUrl ? `the database at ${redactUrl(config.databaseUrl)}` : `${path.join(config.dataDir, "broadsheet.sqlite")} (BROADSHEET_DATA_DIR=${config.dataDir})`;
  return new DomainError("not_found", `There is no blog in ${where}. Start the blog once (npm start) there, or point BROADSHEET_DATA_DIR or DATABASE_URL at the blog you mean.`);
}

async function openExisting(config: ReturnType<typeof loadConfig>, existing: boolean): Promise<Store> {
  if (existing && !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, "broadsheet.sqlite"))) throw noBlogHere(config);
  const store = await openStore(config);
  // Empty: migrated but never started (no site) and no account made from here either.
  const holds = async (table: "sites" | "users") => (await store.db.selectFrom(table).select("id").limit(1).executeTakeFirst()) !== undefined;
  if (existing && !(await holds("sites")) && !(await holds("users"))) {
    await store.close();
    throw noBlogHere(config);
  }
  return store;
}

/** Opens the configured store (migrated), runs `fn` on it alone, closes it. */
export async function withStore(fn: (store: Store) => Promise<void>, options: Existing = {}): Promise<void> {
  let store: Store;
  try {
    store = await openExisting(loadConfig(), options.existing ?? false);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(`broadsheet: ${err.message}`);
    process.exitCode = 2;
    return;
  }
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/** Opens the configured store, runs `fn`, closes the store; domain refusals become a one-line error. */
export async function withDeps(fn: (deps: Deps) => Promise<void>, options: Existing = {}): Promise<void> {
  const config = loadConfig();
  let store: Store | undefined;
  let deps: Deps | undefined;
  try {
    store = await openExisting(config, options.existing ?? false);
    deps = await composeDeps(config, store);
    await fn(deps);
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(`broadsheet: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  } finally {
    await deps?.events.close();
    await store?.close();
  }
}
