import { composeDeps, openStore } from "./compose.js";
import { ConfigError, loadConfig, redactUrl } from "./config.js";
import { buildApp } from "./http/app.js";
import { logOptions } from "./http/log-options.js";
import { seedIfEmpty } from "./seed/seed.js";
import { acquireServerLock } from "./server-lock.js";

/** Composition root: config → store → deps → app → listen; and a clean stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const releaseLock = config.databaseUrl ? () => undefined : acquireServerLock(config.dataDir);
  process.on("exit", releaseLock);
  const store = await openStore(config);
  const deps = await composeDeps(config, store);
  try {
    await deps.mailSender.verify();
  } catch (err) {
    throw new Error(`cannot reach the mail server (${deps.mailSender.describe}): ${(err as Error).message}. Check SMTP_URL, or unset it to write mail as files under the data folder.`);
  }
  const seeded = await seedIfEmpty(deps, { withSampleContent: config.seedSampleContent });
  const { app } = await buildApp(deps, { logger: logOptions(config.logLevel) });

  deps.dispatcher.start();
  if (config.mailWorker) deps.outboxWorker.start();
  const flushTimer = setInterval(() => {
    deps.views.flush().catch((err: unknown) => app.log.error({ err }, "view flush failed; views kept for the next try"));
  }, config.viewFlushMs);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "stopping: no new connections, flushing views, closing the database");
    clearInterval(flushTimer);
    await app.close();
    await deps.dispatcher.stop();
    await deps.outboxWorker.stop();
    deps.mailSender.close();
    await deps.views.close().catch((err: unknown) => app.log.error({ err }, "final view flush failed"));
    await deps.events.close();
    await deps.redis?.quit().catch(() => undefined);
    await store.close();
    releaseLock();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  await app.listen({ host: config.host, port: config.port });
  const where =
    (config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)}` : `SQLite in ${config.dataDir}`) +
    (config.redisUrl ? `, Redis at ${redactUrl(config.redisUrl)}` : "");
  console.log(`\nBroadsheet is serving ${config.publicUrl}/ (data: ${where}; mail: ${deps.mailSender.describe})`);
  if (seeded) {
    console.log(`\nFirst start: created the site${seeded.posts ? `, ${seeded.posts} sample posts and ${seeded.comments} sample comments` : ""}.`);
    if (seeded.admin) {
      console.log(`Admin account (shown once, keep it):\n  e-mail:   ${seeded.admin.email}\n  password: ${seeded.admin.password}`);
      console.log(`Sign in at ${config.publicUrl}/login (and change the password at ${config.publicUrl}/account).\n`);
    }
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error("Broadsheet could not start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
