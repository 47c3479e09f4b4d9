import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { can, type Permission } from "../../domain/users/policies.js";
import type { User } from "../../domain/users/user.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps } from "../deps.js";
import { isApiRequest } from "../error-handler.js";

export const SESSION_COOKIE = "bs_session";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, or null for an anonymous reader. */
    user: User | null;
    /** A session cookie came in but its session is over (expired, signed out elsewhere, password changed). */
    sessionExpired: boolean;
  }
}

/** Resolves the session cookie to a user on every request that carries one. */
export function registerSessions(app: FastifyInstance, deps: Pick<AppDeps, "sessions" | "hasher" | "clock">): void {
  app.decorateRequest("user", null);
  app.decorateRequest("sessionExpired", false);
  // Callback style: most requests carry no session, and they should not pay for a promise.
  app.addHook("onRequest", (req, _reply, done) => {
    // The API also takes the token as a header: the embedded widget has no usable cookie. A header
    // cannot be sent from another site's page without a CORS preflight, which the API refuses.
    const token = req.cookies[SESSION_COOKIE] ?? (req.url.startsWith("/api/") ? bearerOf(req.headers.authorization) : undefined);
    if (!token) return done();
    deps.sessions.findSessionUser(deps.hasher.sha256(token), deps.clock.now()).then(
      (user) => {
        req.user = user ?? null;
        req.sessionExpired = req.user === null;
        done();
      },
      (err: Error) => done(err),
    );
  });
}

function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer ([\w-]{20,200})$/.exec(header) : null;
  return m?.[1];
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure, expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}

/**
 * A preHandler that lets a request through only when the policy allows its user. Browsers without
 * a session are sent to sign in (and back afterwards); API clients get 401; the wrong role gets 403.
 */
export function requirePermission(permission: Permission) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (can[permission](req.user)) return;
    if (req.user) throw new DomainError("forbidden", "Your account is not allowed to do that.");
    if (isApiRequest(req) || req.method !== "GET") throw new DomainError("unauthenticated", req.sessionExpired ? "Your session has expired. Sign in again." : "Sign in first.");
    await reply.redirect(`/login?next=${encodeURIComponent(req.url)}${req.sessionExpired ? "&expired=1" : ""}`, 303);
  };
}

/** Only our own paths are valid places to return to after signing in (no //host or \\host tricks). */
export function safeNext(next: unknown, fallback = "/account"): string {
  return typeof next === "string" && /^\/(?![/\\])[^\u0000-\u001f]*$/.test(next) ? next : fallback;
}
