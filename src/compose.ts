import { emptyOldTrash } from "./domain/posts/trash-post.js";
import { makeStaticPageStore } from "./storage/static-page-store.js";
import { makeApiTokenStore } from "./storage/api-token-store.js";
import os from "node:os";
import path from "node:path";
import { redactUrl, type Config } from "./config.js";
import type { Clock } from "./domain/shared/deps.js";
import { ViewCounter } from "./domain/views/view-counter.js";
import type { EventBus } from "./events/bus.js";
import { InProcessBus } from "./events/in-process-bus.js";
import { PgBus } from "./events/pg-bus.js";
import type { AppDeps } from "./http/deps.js";
import { cryptoRandom, sha256Hasher, systemClock } from "./security/node-crypto.js";
import { makeCommentStore } from "./storage/comment-store.js";
import { openPostgres, openSqlite, type Store } from "./storage/db.js";
import { migrate } from "./storage/migrate.js";
import { makePostStore } from "./storage/post-store.js";
import { getOrCreateSecret } from "./storage/secret-store.js";
import { makeWebhookStore } from "./storage/webhook-store.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { joseSsoTokens } from "./security/jwt-sso.js";
import { makeImportKeyStore } from "./storage/import-key-store.js";
import { makeCachedSiteStore, makeSiteStore } from "./storage/site-store.js";
import { makeThreadStore } from "./storage/thread-store.js";
import { makeRememberedThreads } from "./storage/remembered-threads.js";
import { makeSessionStore, makeUserStore } from "./storage/user-store.js";
import { makeSearchStore } from "./storage/search-store.js";
import { makeStatsStore } from "./storage/stats-store.js";
import { makeMediaStore } from "./storage/media-store.js";
import { makeSharpImages } from "./media/sharp-images.js";
import { makeScryptPasswords } from "./security/scrypt-passwords.js";
import type { PasswordHasher } from "./domain/users/user.js";
import { makeViewStore } from "./storage/view-store.js";
import { sql } from "kysely";
import { makeModerationStore } from "./storage/moderation-store.js";
import { MemoryRateCounter, makeSqlRateCounter } from "./storage/rate-counters.js";
import { makeSqlSharedReaders } from "./storage/view-store.js";
import { makeNotifier } from "./storage/notify.js";
import type { Redis } from "ioredis";
import { connectRedis } from "./redis/connect.js";
import { makeRedisRateCounter } from "./redis/rate-counter.js";
import { makeRedisSharedReaders } from "./redis/shared-readers.js";
import { makeRedisViewStore } from "./redis/view-batches.js";
import { RedisBus } from "./events/redis-bus.js";
import { makeAccountStore } from "./storage/account-store.js";
import { makeSubscriptionStore } from "./storage/subscription-store.js";
import { makeReaderDataStore } from "./storage/reader-data-store.js";
import { makeVoteStore } from "./storage/vote-store.js";
import { loadNotificationContext, type CommentContext, type NotificationContext } from "./storage/notification-context.js";
import { OWN_SITE_ID } from "./domain/sites/site.js";
import { digestMail, notificationMail } from "./views/mail/notification-mails.js";
import { queueNoticeMail } from "./views/mail/queue-notice-mail.js";
import { lastDigestTime, makeDigestStore } from "./storage/digest-store.js";
import { makeQueueNoticeStore } from "./storage/queue-notices.js";
import { digestLink, unsubscribeLink } from "./domain/notifications/subscriptions.js";
import { makeOutboxStore } from "./storage/outbox-store.js";
import { accountMailTemplates } from "./views/mail/account-mails.js";
import { makeMailSender, type MailSender } from "./mail/mail-sender.js";
import { OutboxWorker, renderedRow } from "./mail/outbox-worker.js";

/** Opens the configured database (SQLite under the data folder, or PostgreSQL) and migrates it. */
export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir"> & { databasePoolSize?: number }): Promise<Store> {
  const store = config.databaseUrl
    ? openPostgres(config.databaseUrl, { max: config.databasePoolSize ?? 10, onConnectionError: logError("database connection ended; a fresh one is opened when needed") })
    : openSqlite(path.join(config.dataDir, "broadsheet.sqlite"));
  try {
    await migrate(store);
  } catch (err) {
    await store.close().catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (config.databaseUrl && (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "3D000" || code === "28P01")) {
      throw new Error(`cannot reach PostgreSQL at ${redactUrl(config.databaseUrl)} (${(err as Error).message}). Is it running, and does the database exist?`);
    }
    throw err;
  }
  return store;
}

/** Errors of background connections (bus, Redis), as JSON lines like the server's own log. */
const logError = (what: string) => (err: unknown) =>
  console.error(JSON.stringify({ level: 50, time: Date.now(), pid: process.pid, msg: `${what}: ${err instanceof Error ? err.message : String(err)}` }));

/** In-process events on SQLite (one process); Redis pub/sub or NOTIFY/LISTEN through PostgreSQL for several nodes. */
async function makeEventBus(store: Store, redis: Redis | undefined, prefix: string): Promise<EventBus> {
  if (redis) {
    const bus = new RedisBus(redis, `${prefix}events`, logError("event bus"), `broadsheet-events-${os.hostname()}-${process.pid}`);
    await bus.start();
    return bus;
  }
  if (!store.connection) return new InProcessBus();
  const bus = new PgBus(
    { connectionString: store.connection.url, schema: store.connection.schema },
    makeNotifier(store),
    logError("event bus"),
  );
  await bus.start();
  return bus;
}

/** Wires concrete stores, the clock and the event bus into what the app and CLI use. */
export async function composeDeps(
  config: Config,
  store: Store,
  overrides: { clock?: Clock; passwords?: PasswordHasher; mailSender?: MailSender } = {},
): Promise<AppDeps & { store: Store; redis: Redis | undefined }> {
  const clock = overrides.clock ?? systemClock;
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logError("redis")) : undefined;
  const events = await makeEventBus(store, redis, config.redisPrefix);
  // SQLite is one process by construction (the file is locked to it); PostgreSQL may be many nodes.
  const sqlCounter = store.dialect === "postgres" ? makeSqlRateCounter(store) : new MemoryRateCounter();
  const sqlReaders = store.dialect === "postgres" ? makeSqlSharedReaders(store) : undefined;
  const sqlViews = makeViewStore(store);
  const shared = redis ? makeRedisSharedReaders(redis, config.redisPrefix, sqlViews.getOrCreateSalt) : sqlReaders;
  const viewStore = redis ? makeRedisViewStore(redis, config.redisPrefix, sqlViews, () => clock.now(), logError("view drain")) : sqlViews;
  const views = new ViewCounter({ store: viewStore, clock, hasher: sha256Hasher, random: cryptoRandom, shared, events, readersPerNetwork: config.viewsPerNetwork });
  await views.start();
  // Counts a node left in Redis when it stopped (its last drain may have found another node draining).
  if ("drain" in viewStore) viewStore.drain().catch(logError("view drain"));
  const sites = makeCachedSiteStore(makeSiteStore(store), () => clock.now());
  events.subscribe((e, { remote }) => {
    if (remote && e.type === "views.counted") views.absorb(e.counts);
    if (e.type === "site.changed" || e.type === "events.gap") sites.forget();
  });
  const comments = makeCommentStore(store);
  const threads = makeThreadStore(store);
  const accessThreads = makeRememberedThreads(threads, () => clock.now());
  events.subscribe((e) => {
    if (e.type === "post.changed" || e.type === "thread.changed" || e.type === "site.changed" || e.type === "events.gap") accessThreads.forget();
  });
  const posts = makePostStore(store);
  const webhooks = makeWebhookStore(store);
  const dispatcher = new WebhookDispatcher({
    webhooks,
    comments,
    threads,
    sites,
    clock,
    hasher: sha256Hasher,
    publicUrl: config.publicUrl,
    postUrlOf: async (threadId) => {
      const post = await posts.findPostByThreadId(threadId);
      return post ? `${config.publicUrl}/posts/${encodeURIComponent(post.slug)}` : null;
    },
    onError: logError("webhooks"),
  });
  events.subscribe((e, { remote }) => void dispatcher.onEvent(e, remote).catch(logError("webhooks")));
  // Whoever closes the bus (server, CLI, tests) first lets deliveries being stored finish.
  const closeBus = events.close.bind(events);
  events.close = async () => {
    await dispatcher.stop();
    await closeBus();
  };
  const outbox = makeOutboxStore(store);
  const digests = makeDigestStore(store);
  const queueNotices = makeQueueNoticeStore(store);
  const unsubscribeKey = await getOrCreateSecret(store, "unsubscribe", cryptoRandom.token(32));
  const mailSender = overrides.mailSender ?? makeMailSender(config);
  let lastTrashPurge = 0;
  const mailContexts = new WeakMap<object, Map<number, Promise<CommentContext | undefined>>>();
  const sharedOf = (batch: object) => mailContexts.get(batch) ?? mailContexts.set(batch, new Map()).get(batch)!;
  const outboxWorker = new OutboxWorker({
    outbox,
    sender: mailSender,
    render: async (row, batch) => {
      const rendered = renderedRow(row);
      if (rendered) return rendered;
      if (row.kind === "digest") {
        const items: Array<{ ctx: NotificationContext; kind: "reply" | "thread-comment"; subscriptionId: number }> = [];
        for (const item of await digests.itemsOf(row.id)) {
          if (item.commentId === null || (item.kind !== "reply" && item.kind !== "thread-comment")) continue;
          const ctx = await loadNotificationContext(store, item.subscriptionId, item.commentId, sharedOf(batch));
          if (ctx?.subscription && ctx.comment.status === "published") items.push({ ctx, kind: item.kind, subscriptionId: ctx.subscription.id });
        }
        if (items.length === 0) return { cancel: "nothing left to tell (removed comments, ended subscriptions)" };
        const keys = { hasher: sha256Hasher, unsubscribeKey };
        return digestMail(items, {
          publicUrl: config.publicUrl,
          unsubscribe: unsubscribeLink(keys, config.publicUrl, items[0]!.subscriptionId),
          eachInstead: (id) => digestLink(keys, config.publicUrl, id, false),
        });
      }
      if ((row.kind !== "reply" && row.kind !== "thread-comment") || row.commentId === null) return { cancel: "nothing to send" };
      const ctx = await loadNotificationContext(store, row.subscriptionId, row.commentId, sharedOf(batch));
      if (!ctx?.subscription) return { cancel: "the subscription ended" };
      if (ctx.comment.status !== "published") return { cancel: "the comment is no longer published" };
      const keys = { hasher: sha256Hasher, unsubscribeKey };
      return notificationMail(ctx, {
        kind: row.kind,
        publicUrl: config.publicUrl,
        unsubscribe: unsubscribeLink(keys, config.publicUrl, ctx.subscription.id),
        digestInstead: digestLink(keys, config.publicUrl, ctx.subscription.id, true),
      });
    },
    now: () => clock.now(),
    beforeRound: async (now) => {
      // Housekeeping rides on the worker's rounds: the trash is emptied of what is 30 days old, hourly.
      if (now - lastTrashPurge >= 3_600_000) {
        lastTrashPurge = now;
        await emptyOldTrash({ posts, clock });
      }
      // Digests go at 07:00 in the blog's own time zone (its settings), else the server's.
      const zone = (await sites.getSite(OWN_SITE_ID)).look.timeZone ?? config.timeZone;
      await digests.collect(lastDigestTime(now, zone), now);
      const due = await queueNotices.due(now);
      if (due.length === 0) return;
      const own = await sites.getSite(OWN_SITE_ID);
      const site = { id: own.id, name: own.name, language: own.language, publicUrl: config.publicUrl };
      for (const d of due) await queueNotices.record(d, queueNoticeMail(d, site), now);
    },
    from: config.mailFrom,
    hostname: URL.canParse(config.publicUrl) ? new URL(config.publicUrl).hostname : "localhost",
    onError: logError("outbox"),
  });
  return {
    config,
    store,
    comments,
    threads,
    accessThreads,
    posts,
    webhooks,
    dispatcher,
    ssoTokens: joseSsoTokens,
    imports: makeImportKeyStore(store),
    sites,
    users: makeUserStore(store),
    accounts: makeAccountStore(store),
    subscriptions: makeSubscriptionStore(store),
    queueNotices,
    readerData: makeReaderDataStore(store),
    votes: makeVoteStore(store),
    unsubscribeKey,
    outbox,
    mailTemplates: accountMailTemplates,
    mailSender,
    outboxWorker,
    mailsPerAddressPerHour: config.mailsPerAddressPerHour,
    search: makeSearchStore(store),
    stats: makeStatsStore(store),
    media: makeMediaStore(config.dataDir),
    images: makeSharpImages(),
    sessions: makeSessionStore(store),
    apiTokens: makeApiTokenStore(store),
    pages: makeStaticPageStore(store),
    moderation: makeModerationStore(store),
    rateCounter: redis ? makeRedisRateCounter(redis, config.redisPrefix, sqlCounter, logError("redis rate counter")) : sqlCounter,
    floodLimits: {
      commentWritesPerMinute: config.commentWritesPerMinute,
      reportsPerHour: config.reportsPerHour,
      loginAttemptsPerMinute: config.loginAttemptsPerMinute,
      loginAttemptsPerAccount: config.loginAttemptsPerAccount,
      mailRequestsPerHour: config.mailRequestsPerHour,
      votesPerMinute: config.votesPerMinute,
      newPagesPerHour: config.newPagesPerHour,
      searchesPerMinute: config.searchesPerMinute,
    },
    networkSecret: await getOrCreateSecret(store, "network", cryptoRandom.token(32)),
    passwords: overrides.passwords ?? makeScryptPasswords(),
    views,
    events,
    redis,
    clock,
    random: cryptoRandom,
    hasher: sha256Hasher,
    cookieSecret: await getOrCreateSecret(store, "cookie", cryptoRandom.token(32)),
    // Each failure names what is away, for /readyz to say (Redis down is not "database unreachable").
    ping: async (what = { redis: true }) => {
      await sql`select 1`.execute(store.db).catch(() => Promise.reject(new Error("database unreachable")));
      if (redis && what.redis) await redis.ping().catch(() => Promise.reject(new Error("Redis unreachable")));
    },
  };
}
