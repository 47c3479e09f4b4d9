import { afterEach, describe, expect, it } from "vitest";
import type { FastifyRequest } from "fastify";
import { toProblem } from "../../src/http/error-handler.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

/** Larger than any id a PostgreSQL integer column holds, and the other spellings a visitor can type. */
const HUGE = "99999999999";
const ODD = [HUGE, "2147483648", "9007199254740993", "1e3", "-1", "0x10", "１２", "1.5"];
const JSON_WRITE = { ...SAME_ORIGIN, "content-type": "application/json" };
const FORM_WRITE = { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" };

describe("a number no row can have", () => {
  it.each(dialects())("is a 400 naming the field or a 404 on every route, never a database error (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_VOTES_PER_MINUTE: "100000", BROADSHEET_COMMENT_WRITES_PER_MINUTE: "100000" } });
    const post = await w.makePost({ slug: "p" });
    await w.makeComment(post, { body: "A comment." });
    const admin = await signedIn(w, "admin");
    const t = post.threadId;
    for (const n of ODD) {
      const api: Array<[string, string, unknown, string]> = [
        ["GET", `/api/v1/threads/${n}/comments`, undefined, "id"],
        ["GET", `/api/v1/threads/${t}/comments?after=${n}`, undefined, "after"],
        ["POST", `/api/v1/comments/${n}/vote`, { value: 1 }, "id"],
        ["POST", `/api/v1/comments/${n}/reports`, { reason: "spam" }, "id"],
        ["POST", `/api/v1/threads/${n}/comments`, { body: "hi" }, "id"],
        ["POST", `/api/v1/threads/${t}/comments`, { body: "hi", parentId: Number(n) }, "parentId"],
        ["GET", `/api/v1/threads/${n}/events`, undefined, "id"],
      ];
      for (const [method, url, payload, field] of api) {
        const res = await w.app.inject({ method: method as "GET", url, headers: payload ? JSON_WRITE : {}, payload: payload as object });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBeLessThan(500);
        // Numbers JSON cannot carry as integers (1e3 is 1000, an id) may name a thing; the rest is refused.
        if (res.statusCode === 400) expect(res.json().field, url).toBe(field);
      }
      const beacon = await w.app.inject({ method: "POST", url: `/api/v1/threads/${n}/views`, headers: { ...SAME_ORIGIN, "content-type": "text/plain" }, payload: "" });
      expect(beacon.statusCode, `beacon ${n}`).toBeLessThan(500);
      const pages: Array<[string, string, string?]> = [
        ["GET", `/comments/${n}/reply`],
        ["GET", `/comments/${n}/report`],
        ["GET", `/comments/${n}/edit`],
        ["POST", `/comments/${n}/vote`, "value=1"],
        ["POST", `/comments/${n}/report`, "reason=spam"],
        ["POST", `/threads/${n}/follow`, "email=reader%40example.com"],
        ["POST", "/posts/p/comments", `body=hi&parentId=${n}`],
        ["GET", `/posts/p?after=${n}`],
      ];
      for (const [method, url, payload] of pages) {
        const res = await w.app.inject({ method: method as "GET", url, headers: payload ? FORM_WRITE : {}, payload });
        expect(res.statusCode, `${method} ${url} ${payload ?? ""}`).toBeLessThan(500);
      }
      for (const url of [`/moderation?before=${n}`, `/moderation?site=${n}`, `/moderation/log?before=${n}`]) {
        const res = await w.app.inject({ url, cookies: admin.cookies });
        expect(res.statusCode, url).toBeLessThan(500);
      }
    }
    // What an id out of range asks for does not exist: said so plainly.
    const huge = await w.app.inject({ url: `/comments/${HUGE}/report` });
    expect(huge.statusCode).toBe(404);
    const reply = await w.app.inject({ method: "POST", url: "/posts/p/comments", headers: FORM_WRITE, payload: `body=Kept%20text&parentId=${HUGE}` });
    expect(reply.statusCode).toBe(400); // the form comes back, the text kept and the parent named
    expect(reply.body).toContain("Kept text");
    expect(reply.body).toContain("The comment you are replying to does not exist.");
    const api = await w.app.inject({ method: "POST", url: `/api/v1/comments/${HUGE}/vote`, headers: JSON_WRITE, payload: { value: 1 } });
    expect([api.statusCode, api.headers["content-type"], api.json().field]).toEqual([400, "application/problem+json; charset=utf-8", "id"]);
  });
});

describe("a NUL, which no text column of PostgreSQL can hold", () => {
  it.each(dialects())("is dropped from every body and refused in every address, never a database error (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "100000" } });
    const post = await w.makePost({ slug: "p" });
    const { comment } = await w.makeComment(post, { body: "A comment." });
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: JSON_WRITE, payload: { body: "Half\u0000way", authorName: "Nu\u0000ll", authorWebsite: "https://a.example/\u0000x" } });
    expect(posted.statusCode).toBe(201);
    const stored = await w.deps.comments.findComment(posted.json().comment.id);
    expect([stored?.bodySource, stored?.authorName, stored?.authorWebsite]).toEqual(["Halfway", "Null", "https://a.example/x"]);
    const reported = await w.app.inject({ method: "POST", url: `/api/v1/comments/${comment.id}/reports`, headers: JSON_WRITE, payload: { reason: "spam\u0000" } });
    expect(reported.statusCode).toBe(202);
    const form = await w.app.inject({ method: "POST", url: "/posts/p/comments", headers: FORM_WRITE, payload: "body=By%00form&authorName=F%00" });
    expect(form.statusCode).toBe(303);
    const follow = await w.app.inject({ method: "POST", url: `/threads/${post.threadId}/follow`, headers: FORM_WRITE, payload: "email=reader%00%40example.com" });
    expect(follow.statusCode).toBeLessThan(500);
    for (const url of ["/posts/a%00b", "/api/v1/posts/a%00b", "/labels/a%00b", "/feeds/labels/a%00b.atom", "/search?q=a%00b", "/posts/p?sort=%00", "/embed/thread?site=a%00&url=https://x.example/", "/api/v1/counts?site=k&url=https://x.example/%00"]) {
      const res = await w.app.inject({ url });
      expect([res.statusCode, res.body.includes("NUL")], url).toEqual([400, true]);
    }
  });
});

describe("text longer than a PostgreSQL index entry (about 2,700 bytes; SQLite has no such limit)", () => {
  it.each(dialects())("cannot make a comment impossible to file as spam: a link to a 3,000-character host (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect, env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "100000" } });
    const post = await w.makePost({ slug: "p" });
    const admin = await signedIn(w, "admin");
    // Random, so that PostgreSQL cannot compress the index entry under the limit.
    const host = `${Array.from({ length: 3000 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("")}.example`;
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: JSON_WRITE, payload: { body: `Cheap watches at [this shop](https://${host}/x)` } });
    expect(posted.statusCode).toBe(201);
    const id = posted.json().comment.id as number;
    const spam = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments/${id}/moderation`, headers: JSON_WRITE, cookies: admin.cookies, payload: { action: "spam" } });
    expect([spam.statusCode, spam.json().status]).toEqual([200, "spam"]);
    // The model learnt it: the next comment linking that host is more likely spam than plain text.
    const again = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments/${id}/moderation`, headers: JSON_WRITE, cookies: admin.cookies, payload: { action: "restore" } });
    expect(again.statusCode).toBe(200);
  });
  it("is the writer's 400 in their language when such a value reaches the database all the same", () => {
    const req = { headers: { "accept-language": "ar" }, id: "r-2", log: { warn: () => undefined, error: () => undefined } } as unknown as FastifyRequest;
    const p = toProblem(Object.assign(new Error('index row size 3016 exceeds btree version 4 maximum 2704 for index "spam_tokens_pkey"'), { code: "54000" }), req);
    expect([p.status, p.code, p.detail]).toEqual([400, "invalid_input", "إحدى القيم في هذا الطلب أطول مما يمكن تخزينه هنا."]);
  });
});

describe("a number out of range that reaches PostgreSQL all the same", () => {
  it("is the reader's 400, said in their language, not our 500", async () => {
    const warned: unknown[] = [];
    const req = { headers: { "accept-language": "zh-CN" }, id: "r-1", log: { warn: (o: unknown) => warned.push(o), error: () => undefined } } as unknown as FastifyRequest;
    const p = toProblem(Object.assign(new Error('value "99999999999" is out of range for type integer'), { code: "22003" }), req);
    expect([p.status, p.code]).toEqual([400, "invalid_input"]);
    expect(p.detail).toBe("请求中的某个数字超出了这里存储的任何内容的范围。");
    expect(warned).toHaveLength(1);
    const nul = toProblem(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" }), req);
    expect([nul.status, nul.code]).toEqual([400, "invalid_encoding"]);
  });
});
