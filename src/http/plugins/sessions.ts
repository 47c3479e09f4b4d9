import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { can, type Permission } from "../../domain/users/policies.js";
import type { User } from "../../domain/users/user.js";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps } from "../deps.js";
import { scopeNeeded, TOKEN_PREFIX, TOUCH_EVERY_MS, type TokenScope } from "../../domain/users/api-tokens.js";
import { isApiRequest } from "../error-handler.js";

export const SESSION_COOKIE = "bs_session";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, or null for an anonymous reader. */
    user: User | null;
    /** A session cookie came in but its session is over (expired, signed out elsewhere, password changed). */
    sessionExpired: boolean;
    /**
     * A staff API token came in (`Authorization: Bearer bst_…`): its member and scopes. The member
     * becomes `user` only where a permission lets the token act (requirePermission); elsewhere the
     * request is anonymous, and writes there are refused.
     */
    apiToken: { readonly user: User; readonly scopes: readonly TokenScope[] } | null;
  }
}

const PERMISSION_CHECK = Symbol("requirePermission");

/** Resolves the session cookie to a user on every request that carries one. */
export function registerSessions(app: FastifyInstance, deps: Pick<AppDeps, "sessions" | "apiTokens" | "hasher" | "clock">): void {
  app.decorateRequest("user", null);
  app.decorateRequest("sessionExpired", false);
  app.decorateRequest("apiToken", null);
  // A token acts only through a permission: an API write that no permission guards (posting a
  // comment, voting, reporting, counting a view) is for readers, and refused to tokens.
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/") || route.method === "GET" || route.method === "HEAD") return;
    if (isPermissionGuarded(route)) return;
    route.preHandler = [refuseTokens, ...[route.preHandler ?? []].flat()];
  });
  const touched = new Map<number, number>();
  // Callback style: most requests carry no session, and they should not pay for a promise.
  app.addHook("onRequest", (req, _reply, done) => {
    // The API also takes the token as a header: the embedded widget has no usable cookie. A header
    // cannot be sent from another site's page without a CORS preflight, which the API refuses.
    // An API token comes only in that header: a cookie holds a session, whatever it says (a cookie
    // that looks like a token is no session, and the page is served as to anyone).
    const cookie = req.cookies[SESSION_COOKIE];
    const token = cookie ?? (req.url.startsWith("/api/") ? bearerOf(req.headers.authorization) : undefined);
    if (!token) return done();
    if (cookie === undefined && token.startsWith(TOKEN_PREFIX)) {
      const now = deps.clock.now();
      deps.apiTokens.findTokenUser(deps.hasher.sha256(token), now).then(
        (found) => {
          if (!found) return done(new DomainError("unauthenticated", "This API token is not valid: it was revoked, it expired, or it never existed."));
          req.apiToken = { user: found.user, scopes: found.token.scopes };
          const last = Math.max(found.token.lastUsedAt ?? 0, touched.get(found.token.id) ?? 0);
          if (now - last >= TOUCH_EVERY_MS) {
            touched.set(found.token.id, now);
            if (touched.size > 10_000) touched.clear();
            void deps.apiTokens.touchToken(found.token.id, now).catch(() => undefined);
          }
          done();
        },
        (err: Error) => done(err),
      );
      return;
    }
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

/** Does a permission guard this route (so a staff token may act on it, within its scopes)? */
export function isPermissionGuarded(route: { preHandler?: unknown }): boolean {
  return [route.preHandler ?? []].flat().some((h) => typeof h === "function" && PERMISSION_CHECK in h);
}

async function refuseTokens(req: FastifyRequest): Promise<void> {
  if (req.apiToken) throw new DomainError("forbidden", "An API token cannot do this: it is for readers in a browser.");
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
  const check = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (req.apiToken && !req.user) {
      const needed = scopeNeeded(permission, req.method);
      if (needed === null) throw new DomainError("forbidden", "An API token cannot do this: sign in instead.");
      if (!req.apiToken.scopes.includes(needed)) throw new DomainError("forbidden", `This token does not have the “${needed}” scope.`);
      if (!can[permission](req.apiToken.user)) throw new DomainError("forbidden", "Your account is not allowed to do that.");
      req.user = req.apiToken.user;
      return;
    }
    if (can[permission](req.user)) return;
    if (req.user) throw new DomainError("forbidden", "Your account is not allowed to do that.");
    if (isApiRequest(req) || req.method !== "GET") throw new DomainError("unauthenticated", req.sessionExpired ? "Your session has expired. Sign in again." : "Sign in first.");
    await reply.redirect(`/login?next=${encodeURIComponent(req.url)}${req.sessionExpired ? "&expired=1" : ""}`, 303);
  };
  return Object.assign(check, { [PERMISSION_CHECK]: true });
}

/** Only our own paths are valid places to return to after signing in (no //host or \\host tricks). */
export function safeNext(next: unknown, fallback = "/account"): string {
  return typeof next === "string" && /^\/(?![/\\])[^\u0000-\u001f]*$/.test(next) ? next : fallback;
}
