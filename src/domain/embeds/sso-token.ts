import type { Hasher } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine } from "../shared/text.js";

/** The reader a site vouches for. */
export interface SsoReader {
  /** The site's own id for the reader: stable, never shown. */
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
}

/** Tokens may not live longer than this: a leaked one is worthless by tomorrow. */
export const MAX_SSO_LIFETIME_S = 24 * 3600;

const refuse = (why: string) => new DomainError("invalid_token", `The sign-in token from the site was refused: ${why}. You can still comment as a guest.`, "token");

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A site's signed-in reader, as a JSON Web Token signed with the site's secret (HS256, the only
 * algorithm taken: "none" and public-key algorithms are refused, so a token cannot choose how it is
 * checked). Claims: `sub` (the site's id for the reader), `name`, optional `email`, and `exp`
 * (seconds; at most a day ahead).
 */
export function verifySsoToken(hasher: Pick<Hasher, "hmacSha256" | "sameSecret">, secret: string, token: string, nowMs: number): SsoReader {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) throw refuse("it is not a signed token");
  const [head, body, signature] = parts as [string, string, string];
  const header = decode(head) as { alg?: unknown } | undefined;
  if (header?.alg !== "HS256") throw refuse("it must be signed with HS256");
  if (!hasher.sameSecret(hasher.hmacSha256(secret, `${head}.${body}`), signature)) throw refuse("its signature does not match this site's secret");
  const claims = decode(body) as { sub?: unknown; name?: unknown; email?: unknown; exp?: unknown } | undefined;
  if (!claims || typeof claims.exp !== "number") throw refuse("it has no expiry (exp)");
  const now = nowMs / 1000;
  if (claims.exp <= now) throw refuse("it has expired");
  if (claims.exp > now + MAX_SSO_LIFETIME_S + 60) throw refuse("it lives longer than a day");
  const id = typeof claims.sub === "string" || typeof claims.sub === "number" ? String(claims.sub) : "";
  if (id.length === 0 || id.length > 200) throw refuse("it names no reader (sub)");
  const name = typeof claims.name === "string" ? cleanLine(claims.name).slice(0, 60) : "";
  // A name of only invisible characters is no name.
  if (name.replace(/[\p{Cf}\s]/gu, "").length === 0) throw refuse("it gives no name");
  const email = typeof claims.email === "string" && /^[^\s@]+@[^\s@]+$/.test(claims.email) && claims.email.length <= 254 ? claims.email.toLowerCase() : null;
  return { id, name, email };
}
