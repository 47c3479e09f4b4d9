import path from "node:path";
import ipaddr from "ipaddr.js";

function isAddressOrRange(text: string): boolean {
  if (text.includes("/")) {
    try {
      ipaddr.parseCIDR(text);
      return true;
    } catch {
      return false;
    }
  }
  return ipaddr.isValid(text);
}

/** Every setting Broadsheet reads from its environment, typed and validated once at start. */
export interface Config {
  /** Interface to listen on. */
  readonly host: string;
  /** TCP port to listen on. */
  readonly port: number;
  /** Folder holding the SQLite file, uploads and secrets. */
  readonly dataDir: string;
  /** `postgres://…` switches the store to PostgreSQL; unset means SQLite under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Connections each node keeps to PostgreSQL (ignored on SQLite). Nodes × this must fit max_connections. */
  readonly databasePoolSize: number;
  /**
   * `redis://…`: counters, view de-duplication, the day's view salt and events go through Redis
   * (several nodes). Optional: without it, several nodes share all of that through PostgreSQL.
   */
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several sites (or tests) can share one Redis. */
  readonly redisPrefix: string;
  /** Base for absolute links (feeds, canonical URLs, Origin checks). No trailing slash. */
  readonly publicUrl: string;
  /** IANA time zone used for date headers and archive grouping. */
  readonly timeZone: string;
  /** How often batched view counts are written, in milliseconds. A crash loses at most this much. */
  readonly viewFlushMs: number;
  /** Comment writes (post, edit, remove) allowed per client IP per minute. */
  readonly commentWritesPerMinute: number;
  /** Sign-in and password-change attempts allowed per client IP per minute. */
  readonly loginAttemptsPerMinute: number;
  /**
   * Sign-in attempts at one account (from any network, on any node) per 15 minutes before the
   * account is slowed to one attempt every 30 seconds: password spraying is slowed, and a stranger
   * cannot lock the owner out.
   */
  readonly loginAttemptsPerAccount: number;
  /** Comment reports allowed per reader (network or account) per hour. */
  readonly reportsPerHour: number;
  /**
   * Peers whose X-Forwarded-For is believed (addresses or CIDR ranges, e.g. a reverse proxy on
   * 127.0.0.1). Empty: the peer address is the client, whatever headers say.
   */
  readonly trustedProxies: readonly string[];
  /** Bearer token for /metrics from other hosts; loopback may always read it. */
  readonly metricsToken: string | undefined;
  /** Log level for pino (fatal, error, warn, info, debug, trace, silent). */
  readonly logLevel: string;
  /** Create the admin account and sample posts when the database is empty. */
  readonly seedSampleContent: boolean;
  /**
   * `smtp://user:pass@host:587` or `smtps://…:465`: mail goes out through that server (STARTTLS is
   * required on smtp:// unless `?tls=off` is given for a local relay). Unset: each message is
   * written as an .eml file under the data folder's `mail/` and listed on the staff Mail page.
   */
  readonly smtpUrl: string | undefined;
  /** The From of every mail, e.g. `Harbour Gazette <news@harbour.example>`. */
  readonly mailFrom: string;
  /** Sign-up, reset and verification mails one network may ask for per hour. */
  readonly mailRequestsPerHour: number;
  /** Votes per network and per account, per minute. */
  readonly votesPerMinute: number;
  /** Embedded pages seen for the first time per network, per hour (each makes a thread). */
  readonly newPagesPerHour: number;
  /** Searches per network, per minute. */
  readonly searchesPerMinute: number;
  /** Distinct readers one network may count on one thread in a day (views beyond them are not counted). */
  readonly viewsPerNetwork: number;
  /** Live streams (SSE) one network may hold open at once, and the process in all: each holds a connection. */
  readonly liveStreamsPerNetwork: number;
  readonly liveStreamsMax: number;
  /** Mails of those kinds one address may be sent per hour, whoever asks. */
  readonly mailsPerAddressPerHour: number;
  /** The outbox worker (on by default; off on a node that must not send). */
  readonly mailWorker: boolean;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Thrown when the environment is invalid; lists every problem, not only the first. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
}

/** Reads and validates configuration. The only place in the codebase that reads process.env. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };

  const host = env.HOST || "127.0.0.1";
  const port = int("PORT", 3000, 0, 65535);
  const dataDir = path.resolve(env.BROADSHEET_DATA_DIR || "./data");
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// (got "${redactUrl(databaseUrl)}")`);
  }
  const databasePoolSize = int("DATABASE_POOL_SIZE", 20, 1, 1000);
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL must start with redis:// or rediss:// (got "${redactUrl(redisUrl)}")`);
  const redisPrefix = env.BROADSHEET_REDIS_PREFIX || "broadsheet:";
  const publicUrl = (env.BROADSHEET_PUBLIC_URL || `http://${host.includes(":") ? `[${host}]` : host}:${port}`).replace(/\/+$/, "");
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
  } catch {
    problems.push(`BROADSHEET_PUBLIC_URL must be an absolute http(s) URL (got "${publicUrl}")`);
  }
  const timeZone = env.BROADSHEET_TIME_ZONE || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    problems.push(`BROADSHEET_TIME_ZONE must be an IANA time zone such as Europe/London (got "${timeZone}")`);
  }
  const logLevel = env.LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const viewFlushMs = int("BROADSHEET_VIEW_FLUSH_MS", 2000, 10, 60_000);
  const commentWritesPerMinute = int("BROADSHEET_COMMENT_WRITES_PER_MINUTE", 10, 1, 1_000_000);
  const loginAttemptsPerMinute = int("BROADSHEET_LOGIN_ATTEMPTS_PER_MINUTE", 10, 1, 1_000_000);
  const loginAttemptsPerAccount = int("BROADSHEET_LOGIN_ATTEMPTS_PER_ACCOUNT", 10, 1, 1_000_000);
  const reportsPerHour = int("BROADSHEET_REPORTS_PER_HOUR", 20, 1, 1_000_000);
  const trustedProxies = (env.BROADSHEET_TRUSTED_PROXIES ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const p of trustedProxies) {
    if (!isAddressOrRange(p)) problems.push(`BROADSHEET_TRUSTED_PROXIES must list IP addresses or CIDR ranges (got "${p}")`);
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) problems.push(`SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465 (got "${redactUrl(smtpUrl)}")`);
  const mailFrom = env.BROADSHEET_MAIL_FROM || `Broadsheet <no-reply@${URL.canParse(publicUrl) ? new URL(publicUrl).hostname : "localhost"}>`;
  if (/[\r\n]/.test(mailFrom)) problems.push("BROADSHEET_MAIL_FROM must be one line");
  const mailRequestsPerHour = int("BROADSHEET_MAIL_REQUESTS_PER_HOUR", 10, 1, 1_000_000);
  const votesPerMinute = int("BROADSHEET_VOTES_PER_MINUTE", 60, 1, 10_000_000);
  const newPagesPerHour = int("BROADSHEET_NEW_PAGES_PER_HOUR", 60, 1, 10_000_000);
  const searchesPerMinute = int("BROADSHEET_SEARCHES_PER_MINUTE", 30, 1, 10_000_000);
  const viewsPerNetwork = int("BROADSHEET_VIEWS_PER_NETWORK", 50, 1, 1_000_000);
  const liveStreamsPerNetwork = int("BROADSHEET_LIVE_STREAMS_PER_NETWORK", 50, 1, 1_000_000);
  const liveStreamsMax = int("BROADSHEET_LIVE_STREAMS_MAX", 10_000, 1, 1_000_000);
  const mailsPerAddressPerHour = int("BROADSHEET_MAILS_PER_ADDRESS_PER_HOUR", 3, 1, 1_000_000);
  const mailWorker = (env.BROADSHEET_MAIL_WORKER ?? "on") !== "off";
  const seed = env.BROADSHEET_SEED ?? "1";
  if (seed !== "0" && seed !== "1") problems.push(`BROADSHEET_SEED must be 0 or 1 (got "${seed}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host,
    port,
    dataDir,
    databaseUrl,
    databasePoolSize,
    redisUrl,
    redisPrefix,
    publicUrl,
    timeZone,
    viewFlushMs,
    commentWritesPerMinute,
    loginAttemptsPerMinute,
    loginAttemptsPerAccount,
    reportsPerHour,
    trustedProxies,
    metricsToken: env.BROADSHEET_METRICS_TOKEN || undefined,
    logLevel,
    seedSampleContent: seed === "1",
    smtpUrl,
    mailFrom,
    mailRequestsPerHour,
    mailsPerAddressPerHour,
    votesPerMinute,
    newPagesPerHour,
    searchesPerMinute,
    viewsPerNetwork,
    liveStreamsPerNetwork,
    liveStreamsMax,
    mailWorker,
  });
}

/** Hides the password in a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
