import { afterEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/users/create-user.js";
import { TARGETED_SLOT_MS } from "../../src/domain/moderation/flood-control.js";
import { makeScryptPasswords } from "../../src/security/scrypt-passwords.js";
import { dialects } from "../helpers/world.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
let open: AppWorld | undefined;
afterEach(async () => {
  await open?.cleanup();
  open = undefined;
});

async function signIn(email: string, password: string, remoteAddress: string) {
  const csrf = await csrfFor(w, "/login");
  return w.app.inject({
    method: "POST",
    url: "/login",
    headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
    payload: new URLSearchParams({ email, password, _csrf: csrf.token }).toString(),
    cookies: csrf.cookies,
    remoteAddress,
  });
}

describe.each(dialects())("password spraying at one account on %s", (dialect) => {
  it("slows 30 guesses from 30 networks to one per 30 seconds, and the owner still gets in", async () => {
    open = w = await makeAppWorld({ dialect, env: { BROADSHEET_LOGIN_ATTEMPTS_PER_ACCOUNT: "10" } });
    await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await signIn("ed@example.test", `guess number ${i}`, `198.51.100.${i + 1}`)).statusCode);
    // Ten guesses are answered, one more takes the account's slot, every other is told to wait.
    expect(codes.filter((c) => c === 401)).toHaveLength(11);
    expect(codes.filter((c) => c === 429)).toHaveLength(19);
    const refused = await signIn("ed@example.test", "correct horse battery", "203.0.113.9");
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toContain("Try again in");
    // The owner, waiting as told, gets in: slowed, never locked out.
    w.clock.advance(TARGETED_SLOT_MS);
    expect((await signIn("ed@example.test", "correct horse battery", "203.0.113.9")).statusCode).toBe(303);
  });

  it("counts addresses without accounts the same way, so the answer tells nothing", async () => {
    open = w = await makeAppWorld({ dialect, env: { BROADSHEET_LOGIN_ATTEMPTS_PER_ACCOUNT: "3" } });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await signIn("nobody@example.test", "guess", `198.51.100.${i + 1}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe("password hashing under a burst of sign-ins", () => {
  it("runs at most two hashes at once and queues the rest, answering every one", async () => {
    const passwords = makeScryptPasswords({ N: 2 ** 14, r: 8, p: 1 });
    const stored = await passwords.hash("correct horse battery");
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => passwords.verify(i % 2 ? "correct horse battery" : "wrong", stored)));
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(passwords.stats()).toEqual({ running: 0, queued: 0, peakRunning: 2 });
  });
});
