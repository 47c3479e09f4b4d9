import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
let editor: Record<string, string>;
afterEach(async () => w?.cleanup());

async function setup() {
  w = await makeAppWorld();
  w.clock.set(Date.UTC(2024, 5, 19, 9));
  editor = (await signedIn(w, "editor")).cookies;
}

async function submit(url: string, fields: Record<string, string>) {
  const csrf = await csrfFor(w, "/editor/posts/new", editor);
  return w.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
    payload: new URLSearchParams({ ...fields, _csrf: csrf.token }).toString(),
    cookies: csrf.cookies,
  });
}

const POST = { title: "Tide gauge goes online", body: "Readings every **five** minutes.", standfirst: "A new instrument.", labels: "Floods, Science", action: "save" };
const idFrom = (location: string | undefined) => Number(/\/editor\/posts\/(\d+)/.exec(location ?? "")?.[1]);

describe("writing and publishing", () => {
  it("keeps a draft off the site, then publishes it under today's date", async () => {
    await setup();
    const draft = await submit("/editor/posts", { ...POST, publish: "draft" });
    expect(draft.statusCode).toBe(303);
    const id = idFrom(draft.headers.location);
    expect((await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).statusCode).toBe(404);
    expect((await w.app.inject({ url: "/" })).body).not.toContain("Tide gauge");
    const published = await submit(`/editor/posts/${id}`, { ...POST, publish: "now" });
    expect(published.statusCode).toBe(303);
    const front = (await w.app.inject({ url: "/" })).body;
    expect(front).toContain("Wednesday, June 19, 2024");
    expect(front).toContain("Tide gauge goes online");
    const page = (await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).body;
    expect(page).toContain("Readings every <strong>five</strong> minutes.");
    const saved = await w.deps.posts.findPostById(id);
    expect(saved?.labels).toEqual(["floods", "science"]);
  });

  it("refuses a taken address, keeping what the editor typed and storing nothing", async () => {
    await setup();
    await w.makePost({ title: "Taken", slug: "taken" });
    const res = await submit("/editor/posts", { ...POST, slug: "taken", publish: "now" });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/id="post-slug-error" role="alert">Another post already lives at \/posts\/taken/);
    expect(res.body).toContain('value="Tide gauge goes online"');
    expect(res.body).toContain("Readings every **five** minutes.");
    expect((await w.deps.posts.listAllPosts(10)).map((s) => s.post.title)).toEqual(["Taken"]);
  });

  it("refuses a schedule in the past, and publishes a scheduled post by itself when its time comes", async () => {
    await setup();
    const past = await submit("/editor/posts", { ...POST, publish: "schedule", publishAt: "2024-06-19T08:00" });
    expect(past.statusCode).toBe(400);
    expect(past.body).toMatch(/The scheduled time is in the past/);
    const res = await submit("/editor/posts", { ...POST, publish: "schedule", publishAt: "2024-06-19T12:00" });
    expect(res.statusCode).toBe(303);
    expect((await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).statusCode).toBe(404);
    w.clock.set(Date.UTC(2024, 5, 19, 12, 0, 1));
    expect((await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).statusCode).toBe(200);
    expect((await w.app.inject({ url: "/" })).body).toContain("Tide gauge goes online");
  });

  it("refuses a date no calendar shows (after 9999, before 1000), keeping the posts API answering", async () => {
    await setup();
    for (const publishAt of ["+275760-09-13T00:00", "275760-09-13T00:00", "+010000-01-01T00:00Z", "99999-12-31T23:59"]) {
      const res = await submit("/editor/posts", { ...POST, publish: "schedule", publishAt });
      expect([res.statusCode, /Give the date and time to publish at/.test(res.body)], publishAt).toEqual([400, true]);
    }
    for (const sourcePublishedAt of ["+275760-09-13", "0999-12-31", "-000001-01-01"]) {
      const res = await submit("/editor/posts", { ...POST, publish: "now", sourceOutlet: "Wire", sourceUrl: "https://wire.example/a", sourcePublishedAt });
      expect([res.statusCode, /The original date is not a date/.test(res.body)], sourcePublishedAt).toEqual([400, true]);
    }
    expect((await submit("/editor/posts", { ...POST, publish: "schedule", publishAt: "9999-12-31T23:00" })).statusCode).toBe(303);
    const api = await w.app.inject({ url: "/api/v1/posts", cookies: editor });
    expect(api.statusCode).toBe(200);
  });

  it("refuses a save over someone else's later save of the same post, keeping the text; reopened, it saves", async () => {
    await setup();
    const id = idFrom((await submit("/editor/posts", { ...POST, publish: "now" })).headers.location);
    w.clock.advance(1000);
    // Two editors open the post: each form carries the version it was opened on.
    const opened = async () => /name="basedOn" value="(\d+)"/.exec((await w.app.inject({ url: `/editor/posts/${id}`, cookies: editor })).body)?.[1] ?? "";
    const [first, second] = [await opened(), await opened()];
    expect(first).not.toBe("");
    expect((await submit(`/editor/posts/${id}`, { ...POST, body: "The first editor's text.", basedOn: first, publish: "now" })).statusCode).toBe(303);
    w.clock.advance(1000);
    const late = await submit(`/editor/posts/${id}`, { ...POST, body: "The second editor's text.", basedOn: second, publish: "now" });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("Someone saved this post after you opened it.");
    expect(late.body).toMatch(/The second editor(&#39;|'|&#x27;)s text./);
    expect((await w.deps.posts.findPostById(id))?.bodySource).toBe("The first editor's text.");
    // Submitting the kept form again still refuses: it is still based on the old version.
    expect((await submit(`/editor/posts/${id}`, { ...POST, body: "The second editor's text.", basedOn: second, publish: "now" })).statusCode).toBe(409);
    const again = await submit(`/editor/posts/${id}`, { ...POST, body: "Both editors' text.", basedOn: await opened(), publish: "now" });
    expect(again.statusCode).toBe(303);
    expect((await w.deps.posts.findPostById(id))?.bodySource).toBe("Both editors' text.");
  });

  it("keeps old addresses redirecting with 301 after the slug changes", async () => {
    await setup();
    const id = idFrom((await submit("/editor/posts", { ...POST, publish: "now" })).headers.location);
    await submit(`/editor/posts/${id}`, { ...POST, slug: "tide-gauge", publish: "now" });
    const old = await w.app.inject({ url: "/posts/tide-gauge-goes-online" });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe("/posts/tide-gauge");
    expect((await w.app.inject({ url: "/posts/tide-gauge" })).statusCode).toBe(200);
  });

  it("keeps every save as a revision and restores an earlier one", async () => {
    await setup();
    const id = idFrom((await submit("/editor/posts", { ...POST, publish: "now" })).headers.location);
    await submit(`/editor/posts/${id}`, { ...POST, body: "Second version.", publish: "now" });
    const revisions = await w.deps.posts.listRevisions(id);
    expect(revisions).toHaveLength(2);
    const first = revisions[1]?.id as number;
    const list = await w.app.inject({ url: `/editor/posts/${id}/revisions`, cookies: editor });
    expect(list.body).toContain("Restore this version");
    const restored = await submit(`/editor/posts/${id}/revisions/${first}/restore`, {});
    expect(restored.statusCode).toBe(303);
    expect((await w.deps.posts.findPostById(id))?.bodySource).toBe(POST.body);
    expect(await w.deps.posts.listRevisions(id)).toHaveLength(3);
    expect((await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).body).toContain("<strong>five</strong>");
  });

  it("previews without saving, sanitising what it renders", async () => {
    await setup();
    const res = await submit("/editor/posts", { ...POST, body: "# Heading\n\n<script>alert(1)</script>", action: "preview" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("data-preview><h2>Heading</h2>");
    expect(res.body).not.toContain("<script>alert(1)");
    expect(await w.deps.posts.listAllPosts(10)).toHaveLength(0);
  });

  it("unpublishes a post, and closes its comments when asked", async () => {
    await setup();
    const id = idFrom((await submit("/editor/posts", { ...POST, publish: "now", commentMode: "closed" })).headers.location);
    const page = (await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).body;
    expect(page).toContain("Comments are closed on this post.");
    expect((await submit(`/editor/posts/${id}/unpublish`, {})).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/posts/tide-gauge-goes-online" })).statusCode).toBe(404);
  });

  it("validates attribution: outlet and address together, canonical only for republished reports", async () => {
    await setup();
    const half = await submit("/editor/posts", { ...POST, publish: "now", sourceOutlet: "Courier" });
    expect(half.statusCode).toBe(400);
    expect(half.body).toMatch(/id="post-sourceUrl-error"/);
    const canonical = await submit("/editor/posts", { ...POST, publish: "now", canonicalToSource: "on" });
    expect(canonical.statusCode).toBe(400);
    const bad = await submit("/editor/posts", { ...POST, publish: "now", sourceOutlet: "C", sourceUrl: "javascript:alert(1)" });
    expect(bad.body).toMatch(/must be an http\(s\) address/);
  });
});

describe("who may write", () => {
  it("sends readers to sign in and refuses other roles", async () => {
    await setup();
    expect((await w.app.inject({ url: "/editor" })).headers.location).toBe("/login?next=%2Feditor");
    const mod = await signedIn(w, "moderator");
    expect((await w.app.inject({ url: "/editor", cookies: mod.cookies })).statusCode).toBe(403);
    expect((await w.app.inject({ url: "/editor", cookies: editor })).statusCode).toBe(200);
  });
});
