import { afterEach, describe, expect, it } from "vitest";
import { cacheKeys } from "../../src/http/cache/rendered-cache.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const form = (fields: Record<string, string>) => ({
  headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
  payload: new URLSearchParams(fields).toString(),
});
const viewsIn = (html: string) => Number(/data-view-count>(\d+)</.exec(html)?.[1]);

describe("the post page", () => {
  it("shows the full anatomy of a republished report", async () => {
    w = await makeAppWorld();
    w.clock.set(Date.UTC(2024, 5, 19, 12));
    const post = await w.makePost({
      title: "Harbour gates approved",
      standfirst: "The vote was close.",
      dateline: "PORT ELLIS",
      body: "The council voted **seven to six**.\n\nSecond paragraph.",
      leadImage: { url: "/assets/media/sea-wall.png", caption: "The old wall", credit: "Courier pic" },
      source: { outlet: "The Courier", url: "https://courier.example/gates", publishedAt: Date.UTC(2024, 5, 18) },
      publishedAt: Date.UTC(2024, 5, 19, 8),
      labels: ["floods"],
    });
    const res = await w.app.inject({ url: `/posts/${post.slug}`, headers: { "user-agent": FIREFOX } });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain("Wednesday, June 19, 2024");
    expect(html).toContain('<h1 class="post-title">Harbour gates approved</h1>');
    expect(html).toContain('<p class="standfirst">The vote was close.</p>');
    expect(html).toMatch(/Total Views: <span class="view-count" data-view-count>1<\/span>/);
    expect(html).toContain('href="https://courier.example/gates"');
    expect(html).toContain(">The Courier</a>");
    expect(html).toContain('<img src="/assets/media/sea-wall.png" alt="The old wall"');
    expect(html).toContain('<span class="credit"> (Courier pic)</span>');
    expect(html).toContain('<p><span class="dateline">PORT ELLIS:</span> The council voted <strong>seven to six</strong>.</p>');
    expect(html).toContain(`<link rel="canonical" href="http://127.0.0.1:3000/posts/${post.slug}"/>`);
    expect(html).toContain('<a href="/labels/floods" rel="tag">floods</a>');
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("points rel=canonical at the source when the editor asks", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ source: { outlet: "C", url: "https://c.example/x", publishedAt: null }, canonicalToSource: true });
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).toContain('<link rel="canonical" href="https://c.example/x"/>');
  });

  it("answers 404 for an unknown slug and for a post scheduled later", async () => {
    w = await makeAppWorld();
    const later = await w.makePost({ publishedAt: w.clock.now() + 3600_000 });
    expect((await w.app.inject({ url: "/posts/no-such-post" })).statusCode).toBe(404);
    expect((await w.app.inject({ url: `/posts/${later.slug}` })).statusCode).toBe(404);
  });

  it("counts a reader once a day, ignores bots and HEAD, and never re-renders for a view", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const get = (ua: string, ip = "203.0.113.9", method: "GET" | "HEAD" = "GET") =>
      w.app.inject({ method, url: `/posts/${post.slug}`, headers: { "user-agent": ua }, remoteAddress: ip });
    expect(viewsIn((await get(FIREFOX)).body)).toBe(1);
    const rendered = w.pageCache.peek(cacheKeys.postPage(post.slug));
    expect(rendered).toBeDefined();
    expect(viewsIn((await get(FIREFOX)).body)).toBe(1);
    expect(viewsIn((await get("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")).body)).toBe(1);
    await get(FIREFOX, "203.0.113.10", "HEAD");
    expect(viewsIn((await get(FIREFOX, "198.51.100.1")).body)).toBe(2);
    const beacon = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/views`, headers: { ...SAME_ORIGIN, "user-agent": FIREFOX }, remoteAddress: "198.51.100.1" });
    expect(beacon.statusCode).toBe(204);
    const other = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/views`, headers: { ...SAME_ORIGIN, "user-agent": FIREFOX, "content-type": "text/plain" }, payload: "x", remoteAddress: "198.51.100.2" });
    expect(other.statusCode).toBe(204);
    expect(viewsIn((await get(FIREFOX)).body)).toBe(3);
    expect((await w.app.inject({ method: "POST", url: "/api/v1/threads/999999/views", headers: SAME_ORIGIN })).statusCode).toBe(404);
    expect(w.pageCache.peek(cacheKeys.postPage(post.slug))).toBe(rendered);
    await w.deps.views.flush();
    expect((await w.deps.threads.findThread(post.threadId))?.viewCount).toBe(3);
    await w.makeComment(post);
    expect(w.pageCache.peek(cacheKeys.postPage(post.slug))).toBeUndefined();
    expect((await get(FIREFOX)).body).toContain('id="c-1"');
  });
});

describe("commenting with plain forms", () => {
  it("posts, redirects 303 to the new comment's anchor, and shows it numbered", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    await w.makeComment(post);
    const res = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "Hello *there*", authorName: "Bea" }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/posts/${post.slug}#c-2`);
    const cookie = res.cookies.find((c) => c.name === "bs_own");
    expect(cookie?.httpOnly).toBe(true);
    const page = await w.app.inject({ url: `/posts/${post.slug}`, cookies: { bs_own: cookie?.value ?? "" } });
    expect(page.body).toContain('id="c-2"');
    expect(page.body).toContain("<bdi>Bea</bdi>");
    expect(page.body).toContain("<p>Hello <em>there</em></p>");
    expect(page.body).toMatch(/Edit or remove/);
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).body).not.toMatch(/Edit or remove/);
  });

  it("re-renders the form with the text kept and the problem named", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const res = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "My <careful> words", authorName: "Cy", authorWebsite: "javascript:alert(1)" }) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("My &lt;careful> words");
    expect(res.body).toMatch(/role="alert">The website must/);
    expect(res.body).toMatch(/name="authorWebsite"[^>]*aria-invalid="true"/);
    expect(await w.deps.comments.listThreadComments(post.threadId)).toHaveLength(0);
  });

  it("refuses a form sent from another site", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const res = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, payload: "body=hi" });
    expect(res.statusCode).toBe(403);
    const none = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "body=hi" });
    expect(none.statusCode).toBe(403);
    expect(await w.deps.comments.listThreadComments(post.threadId)).toHaveLength(0);
  });

  it("offers a reply page that posts a nested reply", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const parent = await w.makeComment(post, { body: "Parent text" });
    const page = await w.app.inject({ url: `/comments/${parent.comment.id}/reply` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Parent text");
    expect(page.body).toContain(`name="parentId" value="${parent.comment.id}"`);
    const res = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "child", parentId: String(parent.comment.id) }) });
    expect(res.headers.location).toBe(`/posts/${post.slug}#c-1-1`);
  });

  it("lets the author edit and remove from the browser that posted, with a CSRF token", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const posted = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "first draft" }) });
    const own = { bs_own: posted.cookies.find((c) => c.name === "bs_own")?.value ?? "" };
    const id = (await w.deps.comments.listThreadComments(post.threadId))[0]?.id;
    expect((await w.app.inject({ url: `/comments/${id}/edit` })).statusCode).toBe(403);
    const editPage = await w.app.inject({ url: `/comments/${id}/edit`, cookies: own });
    expect(editPage.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(editPage.body)?.[1] ?? "";
    const cookies = { ...own, ...Object.fromEntries(editPage.cookies.map((c) => [c.name, c.value])) };
    const noToken = await w.app.inject({ method: "POST", url: `/comments/${id}/edit`, cookies, ...form({ body: "sneaky" }) });
    expect(noToken.statusCode).toBe(403);
    const edit = await w.app.inject({ method: "POST", url: `/comments/${id}/edit`, cookies, ...form({ body: "second draft", _csrf: csrf }) });
    expect(edit.statusCode).toBe(303);
    expect((await w.deps.comments.findComment(id as number))?.bodySource).toBe("second draft");
    const remove = await w.app.inject({ method: "POST", url: `/comments/${id}/remove`, cookies, ...form({ _csrf: csrf }) });
    expect(remove.statusCode).toBe(303);
    const page = await w.app.inject({ url: `/posts/${post.slug}` });
    expect(page.body).not.toContain("second draft");
  });

  it("posts under the account's name when signed in, marked as such; a guest cannot borrow it", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const { cookies } = await signedIn(w, "editor");
    const signed = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, cookies, ...form({ body: "From the desk", authorName: "Someone Else" }) });
    expect(signed.statusCode).toBe(303);
    // A guest is refused the account's name, and look-alikes of it; the form keeps the text.
    for (const name of ["A editor", "a EDITOR", "А еditor", "A-editor"]) {
      const pretending = await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "Pretending", authorName: name }) });
      expect(pretending.statusCode, name).toBe(409);
      expect(pretending.body, name).toContain("This name belongs to an account");
      expect(pretending.body, name).toContain("Pretending</textarea>");
    }
    const comments = (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` })).json().comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ authorName: "A editor", authorVerified: true });
    const html = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    expect(html.match(/class="verified"/g)).toHaveLength(1);
  });

  it("escapes hostile names and keeps Unicode intact", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    await w.app.inject({ method: "POST", url: `/posts/${post.slug}/comments`, ...form({ body: "声东击西 😀", authorName: '"><script>alert(1)</script>\u202Eevil' }) });
    const html = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    expect(html).toContain("<bdi>&quot;>&lt;script>alert(1)&lt;/script>evil</bdi>");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("<p>声东击西 😀</p>");
  });
});

describe("the front page", () => {
  it("groups posts under date headers, newest first, with counts and Older posts", async () => {
    w = await makeAppWorld();
    w.clock.set(Date.UTC(2024, 5, 19, 20));
    for (let i = 0; i < 12; i++) await w.makePost({ title: `Story ${i}`, publishedAt: Date.UTC(2024, 5, 19, 19) - i * 6 * 3600_000 });
    const first = await w.makePost({ title: "Commented", publishedAt: Date.UTC(2024, 5, 19, 19, 30) });
    await w.makeComment(first);
    const res = await w.app.inject({ url: "/" });
    const html = res.body;
    expect(html.indexOf("Wednesday, June 19, 2024")).toBeLessThan(html.indexOf("Tuesday, June 18, 2024"));
    expect(html.indexOf("Commented")).toBeLessThan(html.indexOf("Story 0"));
    expect(html).toContain("1 comment<");
    const older = /href="(\/\?before=\d+&amp;beforeId=\d+)" rel="next">Older posts/.exec(html)?.[1];
    expect(older).toBeDefined();
    const page2 = await w.app.inject({ url: older?.replace(/&amp;/g, "&") ?? "" });
    const listing = page2.body.slice(page2.body.indexOf('<div class="front-page">'), page2.body.indexOf('<aside class="sidebar">'));
    expect(listing).toContain("Story 11");
    expect(listing).not.toContain("Story 0<");
  });

  it("pages through posts published at the same moment without skipping any (a page ends among them), on the front page, a label and the sitemap", async () => {
    w = await makeAppWorld();
    w.clock.set(Date.UTC(2024, 5, 19, 20));
    // An import, or a batch published at once: 25 posts of one time, and 510 more of another for the sitemap's 500-post pages.
    const at = Date.UTC(2024, 5, 19, 12);
    for (let i = 0; i < 25; i++) await w.makePost({ title: `Same time ${i}`, slug: `same-${i}`, publishedAt: at, labels: ["batch"] });
    for (let i = 0; i < 510; i++) await w.makePost({ title: `Bulk ${i}`, slug: `bulk-${i}`, publishedAt: at - 3600_000 });
    for (const start of ["/", "/labels/batch"]) {
      const seen: string[] = [];
      for (let url: string | undefined = start, pages = 0; url && pages < 100; pages++) {
        const html: string = (await w.app.inject({ url })).body;
        const listing = html.slice(html.indexOf('<div class="front-page">'), html.indexOf('<aside class="sidebar">'));
        seen.push(...[...listing.matchAll(/href="\/posts\/(same-\d+)"/g)].map((m) => m[1] as string));
        url = /href="([^"]+)" rel="next">Older posts/.exec(html)?.[1]?.replace(/&amp;/g, "&");
      }
      expect([seen.length, new Set(seen).size], start).toEqual([25, 25]);
    }
    const sitemap = (await w.app.inject({ url: "/sitemap.xml" })).body;
    expect(sitemap.match(/\/posts\/bulk-\d+</g)?.length).toBe(510);
    expect(sitemap.match(/\/posts\/same-\d+</g)?.length).toBe(25);
  });
});

describe("plumbing", () => {
  it("answers 503 from /healthz when the database is gone", async () => {
    w = await makeAppWorld();
    await w.store.close();
    const res = await w.app.inject({ url: "/healthz" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: "unavailable" });
    w = { ...w, cleanup: async () => w.app.close() } as AppWorld;
  });

  it("marks JSON answers nosniff", async () => {
    w = await makeAppWorld();
    const res = await w.app.inject({ url: "/api/v1/threads/1/comments" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("answers health, the OpenAPI document and the docs page", async () => {
    w = await makeAppWorld();
    expect((await w.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const spec = (await w.app.inject({ url: "/api/openapi.json" })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/v1/threads/{id}/comments", "/api/v1/comments/{id}", "/api/v1/posts/{slug}", "/api/v1/threads/{id}/views"]));
    expect((await w.app.inject({ url: "/api/docs/" })).statusCode).toBe(200);
  });
});
