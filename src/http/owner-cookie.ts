import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Without JavaScript, the secrets that let a reader edit or remove their own comments live in one
 * HttpOnly cookie: "id.token~id.token…", newest first, at most 20.
 */
export const OWNER_COOKIE = "bs_own";
const MAX_ENTRIES = 20;

export function ownedTokens(req: FastifyRequest): Map<number, string> {
  const raw = req.cookies?.[OWNER_COOKIE];
  const out = new Map<number, string>();
  if (!raw) return out;
  for (const part of raw.split("~")) {
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{16,64})$/.exec(part);
    if (m) out.set(Number(m[1]), m[2] as string);
  }
  return out;
}

export function rememberToken(req: FastifyRequest, reply: FastifyReply, commentId: number, token: string, secure: boolean): void {
  const entries = [[commentId, token] as const, ...[...ownedTokens(req)].filter(([id]) => id !== commentId)].slice(0, MAX_ENTRIES);
  reply.setCookie(OWNER_COOKIE, entries.map(([id, t]) => `${id}.${t}`).join("~"), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: 365 * 24 * 3600,
  });
}
