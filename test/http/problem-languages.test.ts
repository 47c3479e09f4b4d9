import { afterEach, describe, expect, it } from "vitest";
import { addSite, updateSite } from "../../src/domain/sites/manage-sites.js";
import { acceptedLanguage } from "../../src/views/i18n/problems.js";
import { makeAppWorld, SAME_ORIGIN, submitForm, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

/** A refusal a reader meets is worded in the discussion's language, not only in English. */
describe("refusals in the reader's language", () => {
  it("answer the API in the language asked for (the frame sends its own), with the field at fault; English otherwise", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "8" } });
    const post = await w.makePost();
    const send = (lang: string | undefined, payload: Record<string, unknown>) =>
      w.app.inject({
        method: "POST",
        url: `/api/v1/threads/${post.threadId}/comments`,
        headers: { ...SAME_ORIGIN, ...(lang ? { "accept-language": lang } : {}) },
        payload,
      });
    const cases = [
      [undefined, "The website must start with http:// or https://."],
      ["zh-CN,zh;q=0.9,en;q=0.8", "网站地址必须以 http:// 或 https:// 开头。"],
      ["ar", "يجب أن يبدأ عنوان الموقع بـ http:// أو https://."],
      ["fr-FR,fr;q=0.9", "The website must start with http:// or https://."],
    ] as const;
    for (const [lang, detail] of cases) {
      const res = await send(lang, { body: "Hello", authorWebsite: "ftp://files.example" });
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.headers.vary).toMatch(/accept-language/i);
      expect(res.json()).toMatchObject({ code: "invalid_input", field: "authorWebsite", detail, errors: [{ field: "authorWebsite", message: detail }] });
    }
    expect((await send("zh", { body: "x".repeat(10_001) })).json()).toMatchObject({ field: "body", detail: expect.stringMatching(/^评论最多 [\d,]+ 个字符。$/) });

    // Refusals count too (5 so far): three more reach the limit of 8. Over it: the wait, with Arabic's plural forms, and Retry-After.
    for (let i = 0; i < 3; i++) expect((await send(undefined, { body: `Fine ${i}` })).statusCode).toBe(201);
    const limited = await send("ar", { body: "One too many" });
    expect(limited.statusCode).toBe(429);
    const wait = Number(limited.headers["retry-after"]);
    expect(wait).toBeGreaterThan(10);
    expect(limited.json().detail).toMatch(/^محاولات كثيرة جدًا\. حاول مرة أخرى بعد \d+ (ثانية|ثوانٍ)\.$/);
    // Further attempts are refused in the same words (over a socket the flood gate answers them, with tooManyAttempts too).
    expect((await send(undefined, { body: "One too many" })).json().detail).toBe(`Too many attempts. Try again in ${wait} seconds.`);
    expect((await send("zh", { body: "One too many" })).json().detail).toBe(`操作太频繁了，请在 ${wait} 秒后再试。`);
  });

  it("word the API's schema refusals (unknown, missing or wrong fields) in the language asked for, naming the field", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const send = (lang: string, payload: Record<string, unknown>) =>
      w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: { ...SAME_ORIGIN, "accept-language": lang }, payload });
    const cases = [
      [{ body: "Hello", colour: "red" }, "colour", "Unknown field \"colour\".", "未知字段“colour”。", 'حقل غير معروف: "colour".'],
      [{ authorName: "Li" }, "body", '"body" is required.', "必须填写“body”。", 'الحقل "body" مطلوب.'],
      // (numbers are coerced to strings: an object is not)
      [{ body: { text: "Hello" } }, "body", '"body" must be string.', "“body”的值无效。", 'قيمة الحقل "body" غير صالحة.'],
    ] as const;
    for (const [payload, field, en, zh, ar] of cases) {
      for (const [lang, detail] of [["en", en], ["zh-CN", zh], ["ar", ar]] as const) {
        const res = await send(lang, payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: "invalid_input", field, detail });
      }
    }
    expect(await w.deps.comments.listThreadComments(post.threadId)).toEqual([]);
  });

  it("re-render our blog's comment form in the site's language, with the reader's text kept", async () => {
    w = await makeAppWorld();
    await updateSite(w.deps, 1, { language: "zh" });
    const post = await w.makePost({ title: "港口新闻" });
    const res = await submitForm(w, `/posts/${post.slug}`, `/posts/${post.slug}/comments`, { body: "守株待兔，不是办法。", authorWebsite: "ftp://files.example" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("网站地址必须以 http:// 或 https:// 开头。");
    expect(res.body).toContain("守株待兔，不是办法。");
  });

  it("are worded in an embedding site's language in its frame's plain form", async () => {
    w = await makeAppWorld();
    const { site } = await addSite(w.deps, { name: "Al Marsa", origins: ["https://marsa.example"], language: "ar" });
    const q = new URLSearchParams({ site: site.publicKey, url: "https://marsa.example/story", host: "https://marsa.example" }).toString();
    const frame = await w.app.inject({ url: `/embed/thread?${q}` });
    const threadId = Number(/data-thread-id="(\d+)"/.exec(frame.body)?.[1]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(frame.body)?.[1];
    const cookies = Object.fromEntries(frame.cookies.map((c) => [c.name, c.value]));
    const res = await w.app.inject({
      method: "POST",
      url: `/embed/threads/${threadId}/comments?${q}`,
      headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      cookies,
      payload: new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), body: "تعليق", authorWebsite: "ftp://files.example" }).toString(),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.body).toContain("يجب أن يبدأ عنوان الموقع بـ http:// أو https://.");
  });

  it("negotiate among our languages by weight", () => {
    expect(acceptedLanguage(undefined)).toBe("en");
    expect(acceptedLanguage("de-DE,de;q=0.9")).toBe("en");
    expect(acceptedLanguage("de;q=1, ar;q=0.5, zh-TW;q=0.7")).toBe("zh");
    expect(acceptedLanguage("en;q=0.2, ar")).toBe("ar");
  });
});
