import crypto from "node:crypto";
import { promisify } from "node:util";
import type { PasswordHasher } from "../domain/users/user.js";

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

// OWASP's scrypt baseline: N=2^17, r=8, p=1 (128 MiB of memory per hash), stored with the hash so it can rise later.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;
/**
 * Hashes computed at once. Each takes 128 MiB while it runs, so a burst of sign-ins must queue
 * rather than run side by side: two at a time keep both cores busy and the memory at 256 MiB.
 */
const CONCURRENCY = 2;

/** How busy the hasher is (for metrics and tests). */
export interface HashingStats {
  readonly running: number;
  readonly queued: number;
  /** The most that ever ran at once. */
  readonly peakRunning: number;
}

/** Passwords hashed with scrypt as `scrypt$N$r$p$salt$hash` (base64url), at most `concurrency` at a time. */
export function makeScryptPasswords(params = PARAMS, concurrency = CONCURRENCY): PasswordHasher & { stats(): HashingStats } {
  const queue: Array<() => void> = [];
  let running = 0;
  let peakRunning = 0;
  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((start) => queue.push(start));
    running++;
    peakRunning = Math.max(peakRunning, running);
    try {
      return await work();
    } finally {
      running--;
      queue.shift()?.();
    }
  }
  const derive = (password: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number }) =>
    limited(() => scrypt(password.normalize("NFC"), salt, len, { ...opts, maxmem: 256 * opts.N * opts.r }));
  return {
    async hash(password) {
      const salt = crypto.randomBytes(16);
      const key = await derive(password, salt, KEY_LEN, params);
      return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
    },
    async verify(password, stored) {
      const [kind, n, r, p, salt, hash] = stored.split("$");
      if (kind !== "scrypt" || !salt || !hash) return false;
      const expected = Buffer.from(hash, "base64url");
      const key = await derive(password, Buffer.from(salt, "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
      return crypto.timingSafeEqual(key, expected);
    },
    stats: () => ({ running, queued: queue.length, peakRunning }),
  };
}
