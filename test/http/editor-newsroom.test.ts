import { afterEach, describe, expect, it } from "vitest";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { updateSiteSettings } from "../../src/domain/sites/site-settings.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

async function editorWorld() {
  w = await makeAppWorld({ startAt: Date.UTC(2026, 11, 1, 9) });
  const editor = await signedIn(w, "editor");
  const submit = async (url: string, fields: Record<string, string>) => {
    const csrf = await csrfFor(w, "/editor/posts/new", editor.cookies);
    return w.app.inject({ method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN }, payload: new URLSearchParams({ ...fields, _csrf: csrf.token }).toString(), cookies: csrf.cookies });
  };
  return { editor, submit, get: (url: string) => w.app.inject({ url, cookies: editor.cookies }) };
}

const POST = { title: "Tide gauge goes online", body: "Readings every five minutes.", labels: "floods, science", action: "save" };
const idFrom = (location: string | undefined) => Number(/\/editor\/posts\/(\d+)/.exec(location ?? "")?.[1]);

describe("the editor for a newsroom", () => {
  it("schedules in the site's time zone, shown with the zone and stored in UTC", async () => {
    const { submit, get } = await editorWorld();
    const admin = await signedIn(w, "admin");
    await updateSiteSettings(w.deps, {
      actor: admin.user,
      siteId: 1,
      form: { name: "Test Gazette", language: "en", description: "", timeZone: "Asia/Kuala_Lumpur", accent: "", logoUrl: "", navigation: "", footer: "", allowAnonymous: true, maxDepth: "3", votes: "updown" },
    });
    await new Promise((r) => setTimeout(r, 50)); // the chrome reloads on the settings' event
    expect((await get("/editor/posts/new")).body).toContain("Asia/Kuala_Lumpur time");
    // 07:30 on 2 December in Kuala Lumpur (UTC+8) is 23:30 UTC on 1 December.
    const res = await submit("/editor/posts", { ...POST, publish: "schedule", publishAt: "2026-12-02T07:30" });
    expect(res.statusCode, res.body).toBe(303);
    const post = await w.deps.posts.findPostById(idFrom(res.headers.location));
    expect(post?.status).toBe("scheduled");
    expect(post?.publishedAt).toBe(Date.UTC(2026, 11, 1, 23, 30));
    expect((await get(`/editor/posts/${post!.id}`)).body).toContain('value="2026-12-02T07:30"');
    expect((await get("/editor")).body).toContain("Scheduled for December 2, 2026 at 07:30");
  });

  it("deletes a post after a confirmation into a trash it can be restored from, and purges it with its discussion after 30 days", async () => {
    const { submit, get } = await editorWorld();
    const made = await submit("/editor/posts", { ...POST, publish: "now" });
    const id = idFrom(made.headers.location);
    const post = (await w.deps.posts.findPostById(id))!;
    await postComment(w.deps, { threadId: post.threadId, body: "A comment that goes with it.", clientAddress: "198.51.100.4" });
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).statusCode).toBe(200);

    const confirm = await get(`/editor/posts/${id}/trash`);
    expect(confirm.body).toContain("Delete “Tide gauge goes online”?");
    expect(confirm.body).toContain("30 days");
    const trashed = await submit(`/editor/posts/${id}/trash`, {});
    expect(trashed.headers.location).toBe("/editor?status=trashed&done=trashed");
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).statusCode).toBe(404);
    expect((await w.app.inject({ url: "/" })).body).not.toContain("Tide gauge");
    expect((await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` })).statusCode).toBe(404);
    expect((await get("/editor")).body).not.toContain("Tide gauge");
    expect((await get("/editor?status=trashed")).body).toContain("Tide gauge goes online");
    expect((await submit(`/editor/posts/${id}`, { ...POST, publish: "now" })).statusCode).toBe(409);

    // Restored: a draft again, with its discussion.
    expect((await submit(`/editor/posts/${id}/untrash`, {})).statusCode).toBe(303);
    expect((await w.deps.posts.findPostById(id))?.status).toBe("draft");
    expect((await submit(`/editor/posts/${id}/trash`, {})).statusCode).toBe(303);

    // 29 days on, still there; 31 days on, gone with its thread and comments.
    const { emptyOldTrash } = await import("../../src/domain/posts/trash-post.js");
    w.clock.advance(29 * 24 * 3600 * 1000);
    expect(await emptyOldTrash(w.deps)).toBe(0);
    w.clock.advance(2 * 24 * 3600 * 1000);
    expect(await emptyOldTrash(w.deps)).toBe(1);
    expect(await w.deps.posts.findPostById(id)).toBeUndefined();
    expect(await w.deps.threads.findThread(post.threadId)).toBeUndefined();
    const left = await w.store.db.selectFrom("comments").select("id").where("thread_id", "=", post.threadId).execute();
    expect(left).toEqual([]);
  });

  it("lists posts by status, label and author", async () => {
    const { submit, get, editor } = await editorWorld();
    const other = await signedIn(w, "admin");
    await submit("/editor/posts", { ...POST, title: "Flood barrier vote", labels: "floods", publish: "now" });
    await submit("/editor/posts", { ...POST, title: "Market hours", labels: "town", publish: "draft" });
    await w.makePost({ title: "Ferry returns", labels: ["transport"], authorId: other.user.id });
    const titles = async (query: string) => [...(await get(`/editor${query}`)).body.matchAll(/<a href="\/editor\/posts\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]).sort();
    expect(await titles("")).toEqual(["Ferry returns", "Flood barrier vote", "Market hours"]);
    expect(await titles("?status=draft")).toEqual(["Market hours"]);
    expect(await titles("?label=floods")).toEqual(["Flood barrier vote"]);
    expect(await titles(`?author=${editor.user.id}`)).toEqual(["Flood barrier vote", "Market hours"]);
    expect(await titles(`?author=${other.user.id}&status=published`)).toEqual(["Ferry returns"]);
    const page = (await get("/editor?label=floods")).body;
    expect(page).toContain('<option value="floods" selected>floods</option>');
  });
});
