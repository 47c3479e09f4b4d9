import { describe, expect, it } from "vitest";
import { logIn } from "../../src/domain/users/log-in.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { submitForm } from "../helpers/app.js";
import { linkIn } from "../helpers/smtp-sink.js";
import { useMailWorld } from "../helpers/mail-world.js";

const setUp = useMailWorld();

const submit = submitForm;

const pathOf = (link: string) => link.replace("http://127.0.0.1:3000", "");
const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

describe("reader accounts", () => {
  it("signs up, mails a verification link through a real SMTP server, verifies once, and signs the reader in", async () => {
    const { w, sink } = await setUp();
    const res = await submit(w, "/signup", "/signup", { displayName: "Mei Lin", email: "Mei@Example.test", password: "a long enough password" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Check your inbox");
    expect(await w.deps.outboxWorker.runOnce()).toBe(1);
    const [mail] = await sink.waitFor(1);
    expect(mail!.to && "text" in mail!.to ? mail!.to.text : "").toBe("mei@example.test");
    expect(mail!.subject).toBe("Confirm your e-mail address for Test Gazette");
    expect(mail!.text).toContain("Hello Mei Lin,");
    expect(mail!.html).toContain("Confirm my address");
    expect(mail!.messageId).toMatch(/^<outbox-\d+@127\.0\.0\.1>$/);
    const link = linkIn(mail!, "http://127.0.0.1:3000/account/verify?token=");
    const user = await w.deps.users.findUserByEmail("mei@example.test");
    expect(user?.emailVerified).toBe(false);

    // Opening the link shows a button; a scanner following it uses nothing.
    const shown = await w.app.inject({ url: pathOf(link) });
    expect(shown.body).toContain("Confirm my address");
    const confirmed = await submit(w, pathOf(link), "/account/verify", { token: tokenOf(link) });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe("/account?verified=1");
    expect(confirmed.cookies.some((c) => c.name === "bs_session")).toBe(true);
    expect((await w.deps.users.findUserById(user!.id))?.emailVerified).toBe(true);
    const again = await submit(w, pathOf(link), "/account/verify", { token: tokenOf(link) });
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain("expired or was used already");
    // The outbox keeps no body with a token once it is sent.
    const rows = await w.deps.outbox.listRecent(5);
    expect(rows[0]).toMatchObject({ status: "sent", text: null, html: null });
  });

  it("answers sign-up and reset alike for known and unknown addresses; only the owner hears of it", async () => {
    const { w, sink } = await setUp();
    await createUser(w.deps, { email: "known@example.test", displayName: "Known Reader", role: "commenter", password: "the known password" });
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, "").replace(/(known|nobody)@example\.test/g, "ADDRESS");
    const known = await submit(w, "/signup", "/signup", { displayName: "Someone New", email: "known@example.test", password: "a long enough password" });
    const unknown = await submit(w, "/signup", "/signup", { displayName: "Someone Else", email: "nobody@example.test", password: "a long enough password" });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(strip(known.body)).toBe(strip(unknown.body));
    const resetKnown = await submit(w, "/account/reset", "/account/reset", { email: "known@example.test" });
    const resetUnknown = await submit(w, "/account/reset", "/account/reset", { email: "ghost@example.test" });
    expect(strip(resetKnown.body)).toBe(strip(resetUnknown.body.replace("ghost@example.test", "ADDRESS")));
    await w.deps.outboxWorker.runOnce();
    const mails = await sink.waitFor(3);
    const to = (m: (typeof mails)[number]) => (m.to && "text" in m.to ? m.to.text : "");
    expect(mails.map((m) => `${to(m)}: ${m.subject}`).sort()).toEqual([
      "known@example.test: Reset your password for Test Gazette",
      "known@example.test: Someone tried to sign up to Test Gazette with your address",
      "nobody@example.test: Confirm your e-mail address for Test Gazette",
    ]);
    expect(await w.deps.users.countUsers()).toBe(2);

    // Timing: sign-up hashes the password whether the address is known or not.
    const time = async (email: string) => {
      const t0 = performance.now();
      await submit(w, "/signup", "/signup", { displayName: `Timing ${Math.random()}`.replace(".", ""), email, password: "a long enough password" });
      return performance.now() - t0;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      knownTimes.push(await time("known@example.test"));
      unknownTimes.push(await time(`new${i}@example.test`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const ratio = median(knownTimes) / median(unknownTimes);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(5);
  });

  it("resets a password once through the mailed link, ending the old password and every session", async () => {
    const { w, sink } = await setUp();
    const user = await createUser(w.deps, { email: "forgetful@example.test", displayName: "Forgetful", role: "commenter", password: "the old password" });
    await submit(w, "/account/reset", "/account/reset", { email: "forgetful@example.test" });
    await w.deps.outboxWorker.runOnce();
    const [mail] = await sink.waitFor(1);
    const link = linkIn(mail!, "http://127.0.0.1:3000/account/reset?token=");
    expect((await w.app.inject({ url: pathOf(link) })).body).toContain("Choose a new password");
    const short = await submit(w, pathOf(link), "/account/reset/new", { token: tokenOf(link), password: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain("at least 12 characters");
    const done = await submit(w, pathOf(link), "/account/reset/new", { token: tokenOf(link), password: "the brand new password" });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/account?reset=1");
    await expect(logIn(w.deps, { email: "forgetful@example.test", password: "the old password" })).rejects.toThrow("Wrong e-mail or password");
    expect((await logIn(w.deps, { email: "forgetful@example.test", password: "the brand new password" })).user.id).toBe(user.id);
    const reused = await submit(w, pathOf(link), "/account/reset/new", { token: tokenOf(link), password: "yet another password" });
    expect(reused.statusCode).toBe(404);
  });

  it("reserves account names against look-alikes, keeps the form, and limits mails per address", async () => {
    const { w, sink } = await setUp();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Admin", role: "admin", password: "the admin password" });
    for (const name of ["admin", "Аdmіn", "ＡＤＭＩＮ", "a.d.m.i.n", "𝐀𝐝𝐦𝐢𝐧"]) {
      const res = await submit(w, "/signup", "/signup", { displayName: name, email: "imposter@example.test", password: "a long enough password" });
      expect(res.statusCode, name).toBe(409);
      expect(res.body, name).toContain("Another account uses this name");
      expect(res.body, name).toContain('value="imposter@example.test"');
    }
    for (let i = 0; i < 5; i++) await submit(w, "/account/reset", "/account/reset", { email: "ed@example.test" });
    await w.deps.outboxWorker.runOnce();
    await sink.waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received).toHaveLength(3);
  });
});
