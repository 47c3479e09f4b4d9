import { afterEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/users/create-user.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const form = (fields: Record<string, string>, cookies: Record<string, string> = {}) => ({
  method: "POST" as const,
  headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
  payload: new URLSearchParams(fields).toString(),
  cookies,
});

/** Signs in through the form; `extra` cookies ride along on the POST (a session already in the browser). */
async function logIn(email: string, password: string, next = "/account", extra: Record<string, string> = {}) {
  const csrf = await csrfFor(w, "/login");
  return w.app.inject({ url: "/login", ...form({ email, password, next, _csrf: csrf.token }, { ...csrf.cookies, ...extra }) });
}

describe("signing in", () => {
  it("starts a session in an HttpOnly SameSite cookie and shows the account", async () => {
    w = await makeAppWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed Itor", role: "editor", password: "correct horse battery" });
    const res = await logIn("ED@example.test", "correct horse battery");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/account");
    const cookie = res.cookies.find((c) => c.name === "bs_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const account = await w.app.inject({ url: "/account", cookies: { bs_session: cookie?.value ?? "" } });
    expect(account.body).toContain("<bdi>Ed Itor</bdi>");
    expect(account.headers["cache-control"]).toBe("no-store");
  });

  it("answers a wrong password and an unknown e-mail the same way, both after one slow hash check", async () => {
    w = await makeAppWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    let verifications = 0;
    const real = w.deps.passwords.verify.bind(w.deps.passwords);
    w.deps.passwords.verify = async (pw, stored) => (verifications++, real(pw, stored));
    const wrong = await logIn("ed@example.test", "wrong password here");
    const afterWrong = verifications;
    const unknown = await logIn("nobody@example.test", "wrong password here");
    expect(afterWrong).toBe(1);
    expect(verifications).toBe(2);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (html: string) => /role="alert" id="login-error">([^<]+)</.exec(html)?.[1];
    expect(message(wrong.body)).toBe("Wrong e-mail or password.");
    expect(message(unknown.body)).toBe(message(wrong.body));
    expect(unknown.body).toContain('value="nobody@example.test"');
  });

  it("rotates the session on sign-in: the token from before no longer works", async () => {
    w = await makeAppWorld();
    const { cookies } = await signedIn(w, "moderator", "mo@example.test");
    const res = await logIn("mo@example.test", "correct horse battery", "/account", cookies);
    const fresh = res.cookies.find((c) => c.name === "bs_session")?.value ?? "";
    expect(fresh).not.toBe(cookies.bs_session);
    expect((await w.app.inject({ url: "/account", cookies })).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/account", cookies: { bs_session: fresh } })).statusCode).toBe(200);
  });

  it("refuses a form without its CSRF token", async () => {
    w = await makeAppWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    const res = await w.app.inject({ url: "/login", ...form({ email: "ed@example.test", password: "correct horse battery" }) });
    expect(res.statusCode).toBe(403);
    expect(res.cookies.find((c) => c.name === "bs_session")).toBeUndefined();
  });

  it("never redirects off-site after signing in", async () => {
    w = await makeAppWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    for (const next of ["//evil.example/x", "/\\evil.example", "https://evil.example", "javascript:alert(1)"]) {
      expect((await logIn("ed@example.test", "correct horse battery", next)).headers.location).toBe("/account");
    }
    expect((await logIn("ed@example.test", "correct horse battery", "/posts/x")).headers.location).toBe("/posts/x");
  });

  it("returns to a page whose address is not ASCII, percent-encoded as browsers send it (the header was refused: a 500 after signing in)", async () => {
    w = await makeAppWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    const res = await logIn("ed@example.test", "correct horse battery", "/posts/声东击西?sort=new#c-1 x");
    expect([res.statusCode, res.headers.location]).toEqual([303, "/posts/%E5%A3%B0%E4%B8%9C%E5%87%BB%E8%A5%BF?sort=new#c-1%20x"]);
    const cookies = { bs_session: res.cookies.find((c) => c.name === "bs_session")!.value };
    const again = await w.app.inject({ url: `/login?next=${encodeURIComponent("/posts/مرحبا%20already")}`, cookies });
    expect([again.statusCode, again.headers.location]).toEqual([303, "/posts/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20already"]);
  });

  it("rate-limits sign-in attempts per client", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_LOGIN_ATTEMPTS_PER_MINUTE: "3" } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await logIn("x@example.test", "nope nope nope")).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe("sessions and passwords", () => {
  it("sends an expired session to sign in again, saying so", async () => {
    w = await makeAppWorld();
    const { cookies } = await signedIn(w, "editor");
    w.clock.advance(15 * 24 * 3600_000);
    const res = await w.app.inject({ url: "/account", cookies });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/login?next=%2Faccount&expired=1");
    expect((await w.app.inject({ url: res.headers.location as string, cookies })).body).toContain("Your session has expired");
  });

  it("changes the password only with the current one, ending other sessions", async () => {
    w = await makeAppWorld();
    const { cookies } = await signedIn(w, "editor", "ed@example.test");
    const other = await logIn("ed@example.test", "correct horse battery");
    const otherCookie = { bs_session: other.cookies.find((c) => c.name === "bs_session")?.value ?? "" };
    const csrf = await csrfFor(w, "/account", cookies);
    const wrong = await w.app.inject({ url: "/account/password", ...form({ currentPassword: "not it at all", newPassword: "a new long password", _csrf: csrf.token }, csrf.cookies) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toMatch(/currentPassword"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*currentPassword/);
    const short = await w.app.inject({ url: "/account/password", ...form({ currentPassword: "correct horse battery", newPassword: "short", _csrf: csrf.token }, csrf.cookies) });
    expect(short.statusCode).toBe(400);
    const ok = await w.app.inject({ url: "/account/password", ...form({ currentPassword: "correct horse battery", newPassword: "a new long password", _csrf: csrf.token }, csrf.cookies) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("Your password was changed");
    const renewed = { bs_session: ok.cookies.find((c) => c.name === "bs_session")?.value ?? "" };
    expect((await w.app.inject({ url: "/account", cookies: otherCookie })).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/account", cookies: renewed })).statusCode).toBe(200);
    expect((await logIn("ed@example.test", "a new long password")).statusCode).toBe(303);
  });

  it("signs out by ending the session", async () => {
    w = await makeAppWorld();
    const { cookies } = await signedIn(w, "admin");
    const csrf = await csrfFor(w, "/account", cookies);
    const out = await w.app.inject({ url: "/logout", ...form({ _csrf: csrf.token }, csrf.cookies) });
    expect(out.statusCode).toBe(303);
    expect((await w.app.inject({ url: "/account", cookies })).statusCode).toBe(303);
  });
});
