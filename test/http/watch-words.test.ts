import { afterEach, describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

async function staffBrowser(role: "moderator" | "commenter" = "moderator") {
  const { user, cookies } = await signedIn(w, role);
  const csrf = await csrfFor(w, "/account", cookies);
  const post = (url: string, fields: Record<string, string>) =>
    w.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      cookies: csrf.cookies,
      payload: new URLSearchParams({ ...fields, _csrf: csrf.token }).toString(),
    });
  return { user, post, get: (url: string) => w.app.inject({ url, cookies }) };
}

describe("a site's own words and phrases, from the moderators' page", () => {
  it("a moderator adds Malay, Chinese and Arabic words; comments with them are held or filed as spam at once; each change is in the audit log", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const m = await staffBrowser();
    for (const [phrase, action] of [["bodoh", "hold"], ["笨蛋", "spam"], ["حمار", "hold"]]) {
      const res = await m.post("/moderation/words?site=1", { phrase: phrase!, action: action! });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe("/moderation/words?site=1&done=added");
    }
    const page = await m.get("/moderation/words?site=1");
    expect(page.statusCode).toBe(200);
    for (const phrase of ["bodoh", "笨蛋", "حمار"]) expect(page.body).toContain(phrase);

    const status = async (body: string) => (await w.makeComment(post, { body })).comment.status;
    expect(await status("Kau ni memang b0d0hhh.")).toBe("pending");
    expect(await status("你这个笨 蛋")).toBe("spam");
    expect(await status("انت حِمَـــار")).toBe("pending");
    expect(await status("Saya setuju. 塞翁失马，焉知非福。شكرا")).toBe("published");

    // The same phrase again changes what it does rather than adding a copy; then it goes.
    expect((await m.post("/moderation/words?site=1", { phrase: "BODOH", action: "spam" })).statusCode).toBe(303);
    expect(await status("bodoh")).toBe("spam");
    expect((await m.post("/moderation/words/remove?site=1", { phrase: "bodoh" })).statusCode).toBe(303);
    expect(await status("bodoh")).toBe("published");

    const log = await w.deps.moderation.listLog({ limit: 10 });
    expect(log.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        "word list of site 1: added “bodoh” (hold)",
        "word list of site 1: added “笨蛋” (spam)",
        "word list of site 1: “BODOH” hold → spam",
        "word list of site 1: removed “BODOH” (spam)",
      ]),
    );
    expect(log.every((e) => e.actorId === m.user.id)).toBe(true);
  });

  it("re-renders with the phrase kept and the problem named; a commenter may not change the list", async () => {
    w = await makeAppWorld();
    const m = await staffBrowser();
    const bad = await m.post("/moderation/words?site=1", { phrase: "  ***  ", action: "hold" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("The phrase needs at least one letter or digit.");
    expect(bad.body).toContain('value="  ***  "');
    expect(bad.body).toContain('aria-invalid="true"');
    const badAction = await m.post("/moderation/words?site=1", { phrase: "bodoh", action: "delete" });
    expect(badAction.statusCode).toBe(400);
    expect(badAction.body).toContain('value="bodoh"');
    const missing = await m.post("/moderation/words/remove?site=1", { phrase: "never added" });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain("That phrase is not on the list.");
    expect((await w.deps.sites.getSite(1)).moderation.words).toEqual([]);
    // A hostile phrase is shown as text on the page.
    expect((await m.post("/moderation/words?site=1", { phrase: "<img src=x onerror=alert(1)>", action: "hold" })).statusCode).toBe(303);
    const page = await m.get("/moderation/words?site=1");
    expect(page.body).not.toContain("<img src=x");
    expect(page.body).toContain("&lt;img src=x onerror=alert(1)>");

    const c = await staffBrowser("commenter");
    expect((await c.post("/moderation/words?site=1", { phrase: "bodoh", action: "hold" })).statusCode).toBe(403);
    expect((await c.get("/moderation/words?site=1")).statusCode).toBe(403);
  });

  it("is per site: a word of an embedding site does not touch our blog", async () => {
    w = await makeAppWorld();
    const { site } = await addSite(w.deps, { name: "Berita Kita", origins: ["https://berita.example"], language: "en" });
    const m = await staffBrowser();
    expect((await m.post(`/moderation/words?site=${site.id}`, { phrase: "bodoh", action: "hold" })).statusCode).toBe(303);
    expect((await w.deps.sites.getSite(site.id)).moderation.words).toEqual([{ phrase: "bodoh", action: "hold" }]);
    const post = await w.makePost();
    expect((await w.makeComment(post, { body: "bodoh" })).comment.status).toBe("published");
    const page = await m.get(`/moderation/words?site=${site.id}`);
    expect(page.body).toContain("Berita Kita");
    expect(page.body).toContain("bodoh");

    // The audit log files each entry under its site: a decision on our blog's comment, the word on the other.
    const comment = (await w.makeComment(post, { body: "Hold me for a moderator" })).comment;
    const admin = await signedIn(w, "admin");
    const { moderateComment } = await import("../../src/domain/moderation/moderate-comment.js");
    await moderateComment(w.deps, { actor: admin.user, threadId: post.threadId, commentId: comment.id, action: "spam" } as never);
    const own = await w.deps.moderation.listLog({ limit: 10, siteId: 1 });
    const theirs = await w.deps.moderation.listLog({ limit: 10, siteId: site.id });
    expect(own.map((e) => e.action)).toEqual(["spam"]);
    expect(theirs.map((e) => e.action)).toEqual(["word_list"]);
    expect((await w.deps.moderation.listLog({ limit: 10 })).length).toBe(2);
    const logPage = await w.app.inject({ url: `/moderation/log?site=${site.id}`, cookies: admin.cookies });
    expect(logPage.statusCode).toBe(200);
    expect(logPage.body).toContain("word list of site");
    expect(logPage.body).not.toContain("published → spam");
  });
});

describe("a site's words through the API", () => {
  it("a moderator's script adds and removes words with a token (scope moderate; reading needs read); bad input is a problem naming the field", async () => {
    w = await makeAppWorld();
    const { createApiToken } = await import("../../src/domain/users/api-tokens.js");
    const { user } = await signedIn(w, "moderator");
    const { secret } = await createApiToken(w.deps, { actor: user, name: "word sync", scopes: ["read", "moderate"], expiresInDays: 30 });
    const call = (method: "GET" | "POST" | "DELETE", body?: object) =>
      w.app.inject({ method, url: "/api/v1/sites/1/words", headers: { authorization: `Bearer ${secret}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    const added = await call("POST", { phrase: "bodoh", action: "spam" });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({ word: { phrase: "bodoh", action: "spam" } });
    expect((await call("GET")).json()).toEqual({ words: [{ phrase: "bodoh", action: "spam" }] });
    const post = await w.makePost();
    expect((await w.makeComment(post, { body: "b0d0h" })).comment.status).toBe("spam");
    const bad = await call("POST", { phrase: "!!", action: "hold" });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
    expect(bad.json()).toMatchObject({ field: "phrase" });
    expect((await call("DELETE", { phrase: "BODOH" })).statusCode).toBe(204);
    expect((await call("GET")).json()).toEqual({ words: [] });
    expect((await call("DELETE", { phrase: "bodoh" })).statusCode).toBe(404);
  });
});
