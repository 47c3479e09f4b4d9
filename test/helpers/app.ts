import { createUser } from "../../src/domain/users/create-user.js";
import { startSession } from "../../src/domain/users/start-session.js";
import type { Role } from "../../src/domain/users/user.js";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/http/app.js";
import { makeWorld } from "./world.js";

export type AppWorld = Awaited<ReturnType<typeof makeAppWorld>>;

/** A world with the HTTP app built on it, for inject() tests. */
export async function makeAppWorld(options: Parameters<typeof makeWorld>[0] & { beforeReady?: (app: FastifyInstance) => void } = {}) {
  const world = await makeWorld(options);
  const { app, pageCache } = await buildApp(world.deps);
  options.beforeReady?.(app);
  await app.ready();
  return {
    ...world,
    app,
    pageCache,
    async cleanup() {
      await app.close();
      await world.cleanup();
    },
  };
}

/** The Origin header a browser sends with a form from our own pages. */
export const SAME_ORIGIN = { origin: "http://127.0.0.1:3000" };

/** An account with this role, signed in: the cookie a browser would send. */
export async function signedIn(w: AppWorld, role: Role, email = `${role}-${Math.random().toString(36).slice(2)}@example.test`) {
  const user = await createUser(w.deps, { email, displayName: `A ${role}`, role, password: "correct horse battery" });
  const { token } = await startSession(w.deps, { userId: user.id });
  return { user, cookies: { bs_session: token } };
}

/** GETs a page and returns the CSRF form token with the cookies that go with it. */
export async function csrfFor(w: AppWorld, url: string, cookies: Record<string, string> = {}) {
  const res = await w.app.inject({ url, cookies });
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? "";
  return { token, cookies: { ...cookies, ...Object.fromEntries(res.cookies.map((c) => [c.name, c.value])) } };
}

/** Posts a form the way a browser does from one of our pages: its CSRF token and cookies, our origin. */
export async function submitForm(w: AppWorld, formPage: string, action: string, fields: Record<string, string>, cookies: Record<string, string> = {}) {
  const csrf = await csrfFor(w, formPage, cookies);
  return w.app.inject({
    method: "POST",
    url: action,
    headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    cookies: csrf.cookies,
    payload: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString(),
  });
}
