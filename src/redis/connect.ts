import type { Redis } from "ioredis";
import { redactUrl } from "../config.js";

/**
 * Connects to Redis or fails at once with a message naming the server (password hidden): at start
 * an unreachable Redis is a configuration error, not something to retry forever. Once connected,
 * a dropped connection is retried with backoff, and commands fail fast (two retries) so callers
 * can fall back rather than hang. The client library is loaded here, on first use: a node without
 * Redis never pays its ~20 MB.
 */
export async function connectRedis(url: string, onError: (err: unknown) => void): Promise<Redis> {
  const { Redis: RedisClient } = await import("ioredis");
  let connected = false;
  const client = new RedisClient(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => (connected ? Math.min(times * 200, 5000) : null),
  });
  let lastLogged = 0;
  client.on("error", (err: unknown) => {
    // A dead server errors on every retry; one line every ten seconds is enough.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      onError(err);
    }
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(url)} (${err instanceof Error ? err.message : String(err)}). Is it running? Unset REDIS_URL to run without it.`);
  }
  connected = true;
  return client;
}
