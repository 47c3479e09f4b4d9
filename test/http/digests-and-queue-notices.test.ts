import { describe, expect, it } from "vitest";
import { lastDigestTime } from "../../src/storage/digest-store.js";
import { csrfFor, SAME_ORIGIN, signedIn } from "../helpers/app.js";
import { useMailWorld } from "../helpers/mail-world.js";
import { dialects } from "../helpers/world.js";

const openMailWorld = useMailWorld();

const HOUR = 3_600_000;
// 2026-06-01 08:00 UTC = 10:00 in Europe/Berlin (summer time).
const START = Date.UTC(2026, 5, 1, 8, 0);
const form = { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" };

describe("daily digests", () => {
  it("finds the last digest time in the site's zone", () => {
    expect(new Date(lastDigestTime(START, "Europe/Berlin")).toISOString()).toBe("2026-06-01T05:00:00.000Z");
    expect(new Date(lastDigestTime(Date.UTC(2026, 5, 1, 4, 0), "Europe/Berlin")).toISOString()).toBe("2026-05-31T05:00:00.000Z");
    expect(new Date(lastDigestTime(Date.UTC(2026, 0, 15, 12), "UTC")).toISOString()).toBe("2026-01-15T07:00:00.000Z");
  });

  it.each(dialects())("a reader who chose the digest gets the day's new comments in one mail the next morning, once (%s)", async (dialect) => {
    const { w, sink } = await openMailWorld({ dialect, startAt: START, env: { BROADSHEET_TIME_ZONE: "Europe/Berlin" } });
    const a = await w.makePost({ title: "Sea wall", slug: "sea-wall" });
    const b = await w.makePost({ title: "Ferry <times>", slug: "ferry" });
    const reader = await signedIn(w, "commenter", "digest-reader@example.test");
    await w.store.db.updateTable("users").set({ email_verified_at: START }).where("id", "=", reader.user.id).execute();
    // Follow both discussions, then switch both to the daily digest on the account page.
    for (const post of [a, b]) {
      const { token, cookies } = await csrfFor(w, `/posts/${post.slug}`, reader.cookies);
      const res = await w.app.inject({ method: "POST", url: `/threads/${post.threadId}/follow`, headers: form, cookies, payload: new URLSearchParams({ _csrf: token }).toString() });
      expect(res.statusCode).toBeLessThan(400);
    }
    const account = await w.app.inject({ url: "/account", cookies: reader.cookies });
    expect(account.body).toContain("Sea wall");
    expect(account.body).toContain("Ferry &lt;times>");
    const subs = await w.deps.subscriptions.listSubscriptionsOf(reader.user.id);
    expect(subs).toHaveLength(2);
    for (const s of subs) {
      const { token, cookies } = await csrfFor(w, "/account", reader.cookies);
      const res = await w.app.inject({ method: "POST", url: `/account/subscriptions/${s.id}`, headers: form, cookies, payload: new URLSearchParams({ _csrf: token, digest: "1" }).toString() });
      expect(res.statusCode).toBe(303);
    }
    expect((await w.app.inject({ url: "/account", cookies: reader.cookies })).body).toContain("daily digest");

    // Three comments today, one removed before the digest goes.
    await w.makeComment(a, { body: "First on the wall.", authorName: "Ana" });
    await w.makeComment(b, { body: "The ferry **was** late.", authorName: "Ben" });
    const gone = (await w.makeComment(a, { body: "Regrettable.", authorName: "Cy" })).comment!;
    await w.store.db.updateTable("comments").set({ status: "removed_by_moderator" }).where("id", "=", gone.id).execute();
    await w.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(0); // held for the digest

    // The next morning at 07:00 Berlin time: one mail.
    w.clock.advance(22 * HOUR);
    await w.deps.outboxWorker.runOnce();
    const [digest] = await sink.waitFor(1);
    expect(digest!.subject).toBe("2 new comments in the discussions you follow");
    expect(digest!.text).toContain("On “Sea wall”");
    expect(digest!.text).toContain("On “Ferry <times>”");
    expect(digest!.text).toContain("Ana commented (#1):");
    expect(digest!.text).not.toContain("Regrettable");
    expect(digest!.html).toContain("<strong>was</strong>");
    expect(digest!.html).toContain("Ferry &lt;times>");
    expect(digest!.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toMatch(/unsubscribe\?s=\d+&k=[^&>]+&all=1/);
    // Nothing twice.
    w.clock.advance(HOUR);
    await w.deps.outboxWorker.runOnce();
    w.clock.advance(24 * HOUR);
    await w.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(1);
  });
});

describe("the digest by a mailed link", () => {
  it("lets a guest switch from single mails to the daily digest and back, with a signed link only", async () => {
    const { w, sink } = await openMailWorld({ startAt: START });
    const post = await w.makePost({ title: "Tides", slug: "tides" });
    const sub = await w.deps.subscriptions.insertSubscription({ siteId: 1, threadId: post.threadId, commentId: null, userId: null, email: "guest@example.test", confirmedAt: START, createdAt: START });
    await w.makeComment(post, { body: "One.", authorName: "Ana" });
    await w.deps.outboxWorker.runOnce();
    const [single] = await sink.waitFor(1);
    const link = /http:\/\/127\.0\.0\.1:3000(\/subscriptions\/digest\?s=\d+&k=[\w-]+&on=1)/.exec(single!.text ?? "")?.[1];
    expect(link).toBeDefined();
    expect(single!.html).toContain("One e-mail a day instead");
    // Opening the link changes nothing (mail scanners follow links); the button does.
    const shown = await w.app.inject({ url: link! });
    expect(shown.body).toContain("Yes, once a day");
    expect((await w.deps.subscriptions.findSubscription(sub.id))?.digest).toBe(false);
    const forged = await w.app.inject({ method: "POST", url: link!.replace(/k=[\w-]{4}/, "k=0000") });
    expect(forged.statusCode).toBe(404);
    expect((await w.deps.subscriptions.findSubscription(sub.id))?.digest).toBe(false);
    const done = await w.app.inject({ method: "POST", url: link! });
    expect(done.body).toContain("one e-mail a day from now on");
    expect((await w.deps.subscriptions.findSubscription(sub.id))?.digest).toBe(true);
    await w.makeComment(post, { body: "Two.", authorName: "Ben" });
    await w.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(1); // held for the digest
    w.clock.advance(24 * HOUR);
    await w.deps.outboxWorker.runOnce();
    const [, digest] = await sink.waitFor(2);
    expect(digest!.text).toContain("Ben commented (#2):");
    const back = /http:\/\/127\.0\.0\.1:3000(\/subscriptions\/digest\?s=\d+&k=[\w-]+&on=0)/.exec(digest!.text ?? "")?.[1];
    expect((await w.app.inject({ method: "POST", url: back! })).body).toContain("one e-mail for each new comment");
    expect((await w.deps.subscriptions.findSubscription(sub.id))?.digest).toBe(false);
  });
});

describe("queue notices for staff", () => {
  it.each(dialects())("tell a moderator who asked of new held comments at most once per chosen period (%s)", async (dialect) => {
    const { w, sink } = await openMailWorld({ dialect, startAt: START });
    const post = await w.makePost();
    const moderator = await signedIn(w, "moderator", "mod@example.test");
    const quiet = await signedIn(w, "moderator", "quiet@example.test");
    const { token, cookies } = await csrfFor(w, "/account", moderator.cookies);
    const chosen = await w.app.inject({ method: "POST", url: "/account/queue-notices", headers: form, cookies, payload: new URLSearchParams({ _csrf: token, minutes: "30" }).toString() });
    expect(chosen.statusCode).toBe(303);
    expect((await w.app.inject({ url: "/account", cookies: moderator.cookies })).body).toMatch(/<option value="30" selected/);
    // A reader may not choose this.
    const reader = await signedIn(w, "commenter");
    const refused = await csrfFor(w, "/account", reader.cookies);
    expect((await w.app.inject({ method: "POST", url: "/account/queue-notices", headers: form, cookies: refused.cookies, payload: new URLSearchParams({ _csrf: refused.token, minutes: "30" }).toString() })).statusCode).toBe(403);

    await w.store.db.updateTable("threads").set({ mode: "moderated" }).where("id", "=", post.threadId).execute();
    const hold = () => w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, payload: { body: `Held ${Math.random()}` }, remoteAddress: `203.0.113.${Math.floor(Math.random() * 200)}` });
    w.clock.advance(60_000);
    await hold();
    await hold();
    await w.deps.outboxWorker.runOnce();
    const [notice] = await sink.waitFor(1);
    expect((notice!.to as { text: string }).text).toBe("mod@example.test");
    expect(notice!.subject).toBe("2 comments are waiting in the moderation queue");
    expect(notice!.text).toContain("http://127.0.0.1:3000/moderation");
    // More within the 30 minutes: nothing yet; after them, one more mail about what is new.
    w.clock.advance(10 * 60_000);
    await hold();
    await w.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(1);
    w.clock.advance(25 * 60_000);
    await w.deps.outboxWorker.runOnce();
    await w.deps.outboxWorker.runOnce();
    const mails = await sink.waitFor(2);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe("3 comments are waiting in the moderation queue");
    expect(mails[1]!.text).toContain("1 new since the last e-mail");
    // Nothing new: nothing sent; the one who did not ask never hears.
    w.clock.advance(60 * 60_000);
    await w.deps.outboxWorker.runOnce();
    expect(sink.received.map((m) => (m.to as { text: string }).text)).toEqual(["mod@example.test", "mod@example.test"]);
    expect(quiet.user.id).toBeGreaterThan(0);
  });
});
