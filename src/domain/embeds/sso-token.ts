import { DomainError } from "../shared/errors.js";
import { cleanLine, cutTo } from "../shared/text.js";

/** The reader a site vouches for. */
export interface SsoReader {
  /** The site's own id for the reader: stable, never shown. */
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
}

/**
 * Reads a site's token (a JSON Web Token, HS256, signed with the site's secret): its signature,
 * algorithm and expiry are the adapter's (src/security/jwt-sso.ts, jose); what the claims must say
 * is ours, below.
 */
export interface SsoTokenReader {
  read(secret: string, token: string, nowMs: number): Promise<Record<string, unknown>>;
}

/** Tokens may not live longer than this: a leaked one is worthless by tomorrow. */
export const MAX_SSO_LIFETIME_S = 24 * 3600;

export function refuseSso(why: string): DomainError {
  return new DomainError("invalid_token", `The sign-in token from the site was refused: ${why}. You can still comment as a guest.`, "token");
}

/** The site's signed-in reader: `sub`, `name`, optional `email`, `exp` at most a day ahead. */
export async function verifySsoToken(tokens: SsoTokenReader, secret: string, token: string, nowMs: number): Promise<SsoReader> {
  const claims = await tokens.read(secret, token, nowMs);
  if (typeof claims.exp !== "number") throw refuseSso("it has no expiry (exp)");
  if (claims.exp > nowMs / 1000 + MAX_SSO_LIFETIME_S + 60) throw refuseSso("it lives longer than a day");
  const id = typeof claims.sub === "string" || typeof claims.sub === "number" ? String(claims.sub) : "";
  if (id.length === 0 || id.length > 200) throw refuseSso("it names no reader (sub)");
  const name = typeof claims.name === "string" ? cutTo(cleanLine(claims.name), 60) : "";
  // cleanLine leaves nothing of a name that would show nothing.
  if (name === "") throw refuseSso("it gives no name");
  const email = typeof claims.email === "string" && /^[^\s@]+@[^\s@]+$/.test(claims.email) && claims.email.length <= 254 ? claims.email.toLowerCase() : null;
  return { id, name, email };
}
