import crypto from "node:crypto";
import { promisify } from "node:util";
import type { PasswordHasher } from "../domain/users/user.js";

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

// OWASP's scrypt baseline: N=2^17, r=8, p=1 (128 MiB of memory per hash), stored with the hash so it can rise later.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;

/** Passwords hashed with scrypt as `scrypt$N$r$p$salt$hash` (base64url). */
export function makeScryptPasswords(params = PARAMS): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.randomBytes(16);
      const key = await scrypt(password.normalize("NFC"), salt, KEY_LEN, { ...params, maxmem: 256 * params.N * params.r });
      return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
    },
    async verify(password, stored) {
      const [kind, n, r, p, salt, hash] = stored.split("$");
      if (kind !== "scrypt" || !salt || !hash) return false;
      const opts = { N: Number(n), r: Number(r), p: Number(p) };
      const expected = Buffer.from(hash, "base64url");
      const key = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64url"), expected.length, { ...opts, maxmem: 256 * opts.N * opts.r });
      return crypto.timingSafeEqual(key, expected);
    },
  };
}
