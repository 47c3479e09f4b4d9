import { addSite } from "../../src/domain/sites/manage-sites.js";
import { afterEach, describe, expect, it } from "vitest";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

/** A moderator's browser: session cookie and a CSRF token from the queue page. */
async function moderatorBrowser(role: "moderator" | "admin" = "moderator") {
  const { user, cookies } = await signedIn(w, role);
  const csrf = await csrfFor(w, "/moderation", cookies);
  const post = (url: string, fields: Record<string, string | string[]>) =>
    w.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      cookies: csrf.cookies,
      payload: form({ ...fields, _csrf: csrf.token }),
    });
  const get = (url: string) => w.app.inject({ url, cookies });
  return { user, cookies, post, get };
}

async function heldWorld() {
  w = await makeAppWorld();
  const admin = await signedIn(w, "admin");
  await updateModerationSettings(w.deps, { actor: admin.user, siteId: 1, changes: { commentMode: "moderated" } });
  const post = await w.makePost();
  return { post };
}

describe("the moderation queue", () => {
  it("lists held comments with context, history, reasons and score, and approves one without JavaScript", async () => {
    const { post } = await heldWorld();
    const parent = await w.makeComment(post, { body: "The parent comment." });
    const m = await moderatorBrowser();
    await m.post("/moderation/act", { do: `approve:${post.threadId}:${parent.comment.id}` });
    const reply = await w.makeComment(post, { body: "A reply that waits, https://a.example https://b.example", parentId: parent.comment.id });

    const page = await m.get("/moderation");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("In reply to #1 by");
    expect(page.body).toContain("The parent comment.");
    expect(page.body).toContain("pre-moderation: comments on this discussion are approved before they appear");
    expect(page.body).toContain("links: 2 links (a.example, b.example)");
    expect(page.body).toContain("1 comment, 0 published, 0 rejected");
    expect(page.body).toContain("not scored");

    const res = await m.post("/moderation/act?tab=pending", { do: `approve:${post.threadId}:${reply.comment.id}`, reason: "on topic" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/moderation?tab=pending&done=approve&n=1");
    expect((await w.deps.comments.findComment(reply.comment.id))?.status).toBe("published");
    expect((await m.get(String(res.headers.location))).body).toContain("Approved 1 comment.");
  });

  it("files as spam, removes, restores and bans through the same form, each logged", async () => {
    const { post } = await heldWorld();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await w.makeComment(post, { body: `Held ${i}` })).comment.id);
    const m = await moderatorBrowser();
    const t = post.threadId;
    for (const act of [`spam:${t}:${ids[0]}`, `remove:${t}:${ids[1]}`, `restore:${t}:${ids[1]}`, `ban:${t}:${ids[2]}`]) {
      expect((await m.post("/moderation/act", { do: act, duration: "7d" })).statusCode, act).toBe(303);
    }
    const statuses = await Promise.all(ids.map(async (id) => (await w.deps.comments.findComment(id))?.status));
    expect(statuses).toEqual(["spam", "published", "pending"]);
    expect((await w.deps.moderation.listBans(w.clock.now())).map((b) => b.kind)).toEqual(["network"]);
    const log = await w.deps.moderation.listLog({ limit: 10 });
    expect(log.map((e) => e.action).slice(0, 4)).toEqual(["ban", "restore", "remove", "spam"]);
  });

  it("acts on every ticked comment at once", async () => {
    const { post } = await heldWorld();
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push(`${post.threadId}:${(await w.makeComment(post, { body: `Bulk ${i}` })).comment.id}`);
    const m = await moderatorBrowser();
    const res = await m.post("/moderation/act", { bulk: "approve", "ids[]": refs.slice(0, 3) });
    expect(res.headers.location).toContain("done=approve&n=3");
    expect((await w.deps.moderation.queueCounts()).pending).toBe(1);
  });

  it("names the problem and changes nothing: another thread, a removed comment, nothing ticked, a forged action", async () => {
    const { post } = await heldWorld();
    const other = await w.makePost();
    const c = await w.makeComment(post, { body: "Subject of mistakes." });
    const m = await moderatorBrowser();
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ do: `approve:${other.threadId}:${c.comment.id}` }, 400, "That comment belongs to another discussion."],
      [{ bulk: "approve" }, 400, "Tick at least one comment first."],
      [{ do: `delete:${post.threadId}:${c.comment.id}` }, 400, "That is not an action on a comment."],
      [{ do: `approve:${post.threadId}:999999` }, 404, "That comment does not exist."],
    ];
    for (const [fields, status, message] of cases) {
      const res = await m.post("/moderation/act", { ...fields, reason: "kept reason" });
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.body).toContain(message);
      expect(res.body).toContain('value="kept reason"');
    }
    await m.post("/moderation/act", { do: `remove:${post.threadId}:${c.comment.id}` });
    const logBefore = (await w.deps.moderation.listLog({ limit: 50 })).length;
    const approveRemoved = await m.post("/moderation/act", { do: `approve:${post.threadId}:${c.comment.id}` });
    expect(approveRemoved.statusCode).toBe(409);
    expect(approveRemoved.body).toContain("This comment was removed. Restore it instead of approving it.");
    expect((await w.deps.comments.findComment(c.comment.id))?.status).toBe("removed_by_moderator");
    expect((await w.deps.moderation.listLog({ limit: 50 })).length).toBe(logBefore);
  });

  it("shows the audit log to admins only", async () => {
    const { post } = await heldWorld();
    const c = await w.makeComment(post, { body: "Logged." });
    const m = await moderatorBrowser();
    await m.post("/moderation/act", { do: `spam:${post.threadId}:${c.comment.id}`, reason: "<b>bold</b> reason" });
    expect((await m.get("/moderation/log")).statusCode).toBe(403);
    const admin = await moderatorBrowser("admin");
    const log = await admin.get("/moderation/log");
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain("pending → spam");
    expect(log.body).toContain("&lt;b>bold&lt;/b> reason");
    expect(log.body).toContain(m.user.displayName);
  });

  it("re-renders the settings form with the admin's values and the field named", async () => {
    w = await makeAppWorld();
    const admin = await moderatorBrowser("admin");
    const csrf = await csrfFor(w, "/moderation/settings", admin.cookies);
    const res = await w.app.inject({
      method: "POST",
      url: "/moderation/settings",
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      cookies: csrf.cookies,
      payload: form({ _csrf: csrf.token, commentMode: "moderated", reportsToHide: "lots", holdLinksFromNewAt: "2", autoCloseDays: "14", profanityAction: "hold", duplicateWindowMinutes: "60", spamHoldAt: "0.8", spamRejectAt: "0.99" }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("That value is not allowed for reportsToHide.");
    expect(res.body).toMatch(/name="reportsToHide"[^>]*value="lots"/);
    expect(res.body).toMatch(/name="autoCloseDays"[^>]*value="14"/);
    expect((await w.deps.sites.getSite(1)).moderation.commentMode).toBe("open");
  });

  it("keeps moderation settings per site: an embedding site's change leaves our blog's alone", async () => {
    w = await makeAppWorld();
    const admin = await moderatorBrowser("admin");
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"] });
    const csrf = await csrfFor(w, `/moderation/settings?site=${site.id}`, admin.cookies);
    expect((await w.app.inject({ url: `/moderation/settings?site=${site.id}`, cookies: admin.cookies })).body).toContain(`action="/moderation/settings?site=${site.id}"`);
    const res = await w.app.inject({
      method: "POST",
      url: `/moderation/settings?site=${site.id}`,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      cookies: csrf.cookies,
      payload: form({ _csrf: csrf.token, commentMode: "moderated", reportsToHide: "3", holdLinksFromNewAt: "2", autoCloseDays: "0", profanityAction: "hold", duplicateWindowMinutes: "60", spamHoldAt: "0.8", spamRejectAt: "0.99" }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/moderation/settings?site=${site.id}&saved=1`);
    expect((await w.deps.sites.getSite(site.id)).moderation.commentMode).toBe("moderated");
    expect((await w.deps.sites.getSite(1)).moderation.commentMode).toBe("open");
    expect((await w.app.inject({ url: "/moderation/settings?site=999", cookies: admin.cookies })).statusCode).toBe(404);
  });

  it("holds a trusted commenter on a post set to hold comments, but lets them through a site-wide moderated ceiling", async () => {
    w = await makeAppWorld();
    const admin = await w.makeUser("admin");
    const held = await w.makePost({ slug: "held", threadMode: "moderated" });
    const open = await w.makePost({ slug: "open" });
    // A commenter from one network with an approved comment and none rejected: trusted.
    const ip = "198.51.100.44";
    const first = await w.makeComment(open, { body: "An approved first comment.", clientAddress: ip });
    expect(first.comment.status).toBe("published");
    const post = (p: { threadId: number }, body: string) =>
      w.app.inject({ method: "POST", url: `/api/v1/threads/${p.threadId}/comments`, payload: { body }, headers: SAME_ORIGIN, remoteAddress: ip });
    expect((await post(held, "On the held post.")).json().comment.status).toBe("pending");
    await updateModerationSettings(w.deps, { actor: { id: admin.id, role: "admin" }, siteId: 1, changes: { commentMode: "moderated", trustApprovedAuthors: true } });
    expect((await post(open, "Under the site's ceiling.")).json().comment.status).toBe("published");
    expect((await post(held, "On the held post again.")).json().comment.status).toBe("pending");
  });

  it("lets any moderator pull the emergency switch, which holds even trusted commenters", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const m = await moderatorBrowser();
    expect((await m.post("/moderation/emergency", { on: "1" })).statusCode).toBe(303);
    const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: "During the storm" }, headers: SAME_ORIGIN });
    expect(res.json().comment.status).toBe("pending");
    expect((await m.get("/moderation")).body).toContain("Every new comment is held for review");
  });

  it("serves the queue as JSON to moderators, and applies keyboard actions through the API", async () => {
    const { post } = await heldWorld();
    const c = await w.makeComment(post, { body: "Via the API." });
    const m = await moderatorBrowser();
    const q = await w.app.inject({ url: "/api/v1/moderation/queue?tab=pending", cookies: m.cookies });
    expect(q.statusCode).toBe(200);
    expect(q.json().items[0]).toMatchObject({ comment: { id: c.comment.id, status: "pending", bodySource: "Via the API." }, author: { signedIn: false, total: 1 } });
    const wrong = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId + 1}/comments/${c.comment.id}/moderation`, cookies: m.cookies, headers: SAME_ORIGIN, payload: { action: "approve" } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: "comment_in_other_thread", field: "threadId" });
    const crossSite = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments/${c.comment.id}/moderation`, cookies: m.cookies, headers: { origin: "https://evil.example" }, payload: { action: "approve" } });
    expect(crossSite.statusCode).toBe(403);
    const ok = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments/${c.comment.id}/moderation`, cookies: m.cookies, headers: SAME_ORIGIN, payload: { action: "approve" } });
    expect(ok.json()).toEqual({ id: c.comment.id, status: "published" });
  });
});

describe("a held comment's writer", () => {
  it("sees it, marked as awaiting moderation, while other readers do not", async () => {
    const { post } = await heldWorld();
    const res = await w.app.inject({
      method: "POST",
      url: `/posts/${post.slug}/comments`,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      payload: form({ body: "Mine, waiting." }),
    });
    expect(res.statusCode).toBe(303);
    const owner = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    const mine = await w.app.inject({ url: `/posts/${post.slug}`, cookies: owner });
    expect(mine.body).toContain("Mine, waiting.");
    expect(mine.body).toContain("Your comment is awaiting moderation.");
    expect(mine.headers["cache-control"]).toContain("private");
    const others = await w.app.inject({ url: `/posts/${post.slug}` });
    expect(others.body).not.toContain("Mine, waiting.");
  });

  it("caught by the honeypot is told the same, and it never reaches other readers", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, payload: { body: "Great post!", homepage: "http://bot.example" }, headers: SAME_ORIGIN });
    expect(res.statusCode).toBe(201);
    expect(res.json().comment.status).toBe("pending");
    expect((await w.deps.comments.findComment(res.json().comment.id))?.status).toBe("spam");
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).not.toContain("Great post!");
  });
});

describe("reader reports", () => {
  it("thanks the reader the same way every time, and hides the comment after three distinct readers", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const c = await w.makeComment(post, { body: "Reported text." });
    const report = (ip: string) => w.app.inject({ method: "POST", url: `/api/v1/comments/${c.comment.id}/reports`, payload: { reason: "abuse" }, remoteAddress: ip, headers: SAME_ORIGIN });
    const answers = [await report("192.0.2.1"), await report("192.0.2.1"), await report("192.0.2.2")];
    expect(answers.map((a) => [a.statusCode, a.body])).toEqual(Array(3).fill([202, '{"received":true}']));
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).toContain("Reported text.");
    await report("192.0.2.3");
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).not.toContain("Reported text.");
    const page = await w.app.inject({ url: `/comments/${c.comment.id}/report` });
    expect(page.statusCode).toBe(404);
  });

  it("offers a Report link and a no-JavaScript form with reasons; refuses a missing reason with the problem named", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const c = await w.makeComment(post, { body: "Fine text." });
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).toContain(`href="/comments/${c.comment.id}/report"`);
    const csrf = await csrfFor(w, `/comments/${c.comment.id}/report`);
    const send = (fields: Record<string, string>) =>
      w.app.inject({ method: "POST", url: `/comments/${c.comment.id}/report`, headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN }, cookies: csrf.cookies, payload: form({ ...fields, _csrf: csrf.token }) });
    const bad = await send({});
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Choose a reason");
    const good = await send({ reason: "off_topic" });
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain("A moderator will look at comment #1.");
    expect(await w.deps.moderation.countOpenReports(c.comment.id)).toBe(1);
  });

  it("limits reports per reader", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_REPORTS_PER_HOUR: "2" } });
    const post = await w.makePost();
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const c = await w.makeComment(post, { body: `Report me ${i}` });
      codes.push((await w.app.inject({ method: "POST", url: `/api/v1/comments/${c.comment.id}/reports`, payload: { reason: "spam" }, remoteAddress: "192.0.2.40", headers: SAME_ORIGIN })).statusCode);
    }
    expect(codes).toEqual([202, 202, 429]);
  });
});
