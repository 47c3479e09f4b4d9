import { afterEach, describe, expect, it } from "vitest";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import type { Post } from "../../src/domain/posts/post.js";
import { savePost } from "../../src/domain/posts/save-post.js";
import { fieldsOf, unpublishPost } from "../../src/domain/posts/unpublish-post.js";
import type { ThreadMode } from "../../src/domain/threads/thread.js";
import { makeAppWorld, SAME_ORIGIN, type AppWorld } from "../helpers/app.js";
import { openStream } from "../helpers/sse.js";

/**
 * One rule decides who may read and write a discussion; this walks every surface that shows or
 * takes comments for each state a discussion can be in, and checks that each surface obeys it.
 */

let w: AppWorld;
afterEach(async () => w?.cleanup());

type State = "draft" | "scheduled" | "unpublished" | "hidden post" | "hidden site" | "closed" | "closed site";
/** What readers may do in each state. */
const EXPECT: Record<State, { page: boolean; visible: boolean; writable: boolean }> = {
  draft: { page: false, visible: false, writable: false },
  scheduled: { page: false, visible: false, writable: false },
  unpublished: { page: false, visible: false, writable: false },
  "hidden post": { page: true, visible: false, writable: false },
  "hidden site": { page: true, visible: false, writable: false },
  closed: { page: true, visible: true, writable: false },
  "closed site": { page: true, visible: true, writable: false },
};

const WORD = "zanzibarquokka";
const JSON_WRITE = { ...SAME_ORIGIN, "content-type": "application/json" };

async function setThreadMode(post: Post, mode: ThreadMode, admin: number) {
  await savePost(w.deps, { postId: post.id, fields: { ...fieldsOf(post, mode) }, publishing: { kind: "now" }, editorId: admin });
}

/** A public post with a comment (and its edit token), then put into the state. */
async function discussionIn(state: State) {
  w = await makeAppWorld();
  const admin = await w.makeUser("admin");
  const post = await w.makePost({ title: "Harbour wall", slug: "harbour", body: "The wall held." });
  const { comment, editToken } = await w.makeComment(post, { body: `The ${WORD} saw it.`, authorName: "Ana" });
  const actor = { id: admin.id, role: admin.role };
  // Read and written while public first: nothing remembered from then may outlive the change.
  expect((await vote(comment.id, "192.0.2.1")).statusCode).toBe(200);
  expect((await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/views`, headers: { ...SAME_ORIGIN, "content-type": "text/plain" }, payload: "" })).statusCode).toBe(204);
  if (state === "draft") await savePost(w.deps, { postId: post.id, fields: fieldsOf(post, "open"), publishing: { kind: "draft" }, editorId: admin.id });
  if (state === "scheduled") await savePost(w.deps, { postId: post.id, fields: fieldsOf(post, "open"), publishing: { kind: "schedule", at: w.clock.now() + 86_400_000 }, editorId: admin.id });
  if (state === "unpublished") await unpublishPost(w.deps, { postId: post.id, editorId: admin.id });
  if (state === "hidden post") await setThreadMode(post, "hidden", admin.id);
  if (state === "closed") await setThreadMode(post, "closed", admin.id);
  if (state === "hidden site") await updateModerationSettings(w.deps, { actor, siteId: 1, changes: { commentMode: "hidden" } });
  if (state === "closed site") await updateModerationSettings(w.deps, { actor, siteId: 1, changes: { commentMode: "closed" } });
  return { post, comment, editToken };
}

const vote = (commentId: number, remoteAddress: string) => w.app.inject({ method: "POST", url: `/api/v1/comments/${commentId}/vote`, headers: JSON_WRITE, payload: { value: 1 }, remoteAddress });

const STATES = Object.keys(EXPECT) as State[];

describe.each(STATES)("a discussion that is %s", (state) => {
  const want = EXPECT[state];

  it("is shown and taken exactly as the rule says on every surface", async () => {
    const { post, comment, editToken } = await discussionIn(state);
    const t = post.threadId;
    const get = (url: string) => w.app.inject({ url });

    // The post page and the JSON post.
    const page = await get("/posts/harbour");
    expect(page.statusCode).toBe(want.page ? 200 : 404);
    expect(page.body.includes(WORD)).toBe(want.visible);
    expect(page.body.includes('name="body"')).toBe(want.writable);
    const apiPost = await get("/api/v1/posts/harbour");
    expect(apiPost.statusCode).toBe(want.page ? 200 : 404);
    if (want.page) {
      expect(apiPost.json().thread.comments.length).toBe(want.visible ? 1 : 0);
      expect(apiPost.json().thread.commentCount).toBe(want.visible ? 1 : 0);
    }

    // The thread's comments, the reply page, the report page and the live stream.
    expect((await get(`/api/v1/threads/${t}/comments`)).statusCode).toBe(want.visible ? 200 : 404);
    expect((await get(`/comments/${comment.id}/reply`)).statusCode).toBe(want.writable ? 200 : want.visible ? 403 : 404);
    expect((await get(`/comments/${comment.id}/report`)).statusCode).toBe(want.visible ? 200 : 404);

    // Feeds, search, the front page's count and the sitemap.
    const siteComments = await get("/feeds/comments.atom");
    expect(siteComments.body.includes(WORD)).toBe(want.visible);
    expect((await get("/posts/harbour/comments.atom")).statusCode).toBe(want.visible ? 200 : 404);
    expect((await get("/feeds/posts.atom")).body.includes("Harbour wall")).toBe(want.page);
    expect((await get("/sitemap.xml")).body.includes("/posts/harbour")).toBe(want.page);
    expect((await get(`/search?q=${WORD}`)).body.includes("#1 on “Harbour wall”")).toBe(want.visible);
    expect((await get(`/search?q=${WORD}&kind=comments`)).body.includes("#1 on “Harbour wall”")).toBe(want.visible);
    const front = (await get("/")).body;
    expect(front.includes("Harbour wall")).toBe(want.page);
    expect(front.includes("1 comment<")).toBe(want.visible);

    // Writes: a comment, a reply, an edit, a report, a view; a removal last (it is allowed when closed).
    const refused = want.visible ? 403 : 404;
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${t}/comments`, headers: JSON_WRITE, payload: { body: "Another view." } });
    expect(posted.statusCode).toBe(want.writable ? 201 : refused);
    const replied = await w.app.inject({ method: "POST", url: `/api/v1/threads/${t}/comments`, headers: JSON_WRITE, payload: { body: "A reply.", parentId: comment.id } });
    expect(replied.statusCode).toBe(want.writable ? 201 : refused);
    const form = await w.app.inject({ method: "POST", url: "/posts/harbour/comments", headers: SAME_ORIGIN, payload: { body: "By form." } });
    expect(form.statusCode).toBe(want.writable ? 303 : want.page ? refused : 404);
    const edited = await w.app.inject({ method: "PATCH", url: `/api/v1/comments/${comment.id}`, headers: { ...JSON_WRITE, "x-edit-token": editToken }, payload: { body: "Changed." } });
    expect(edited.statusCode).toBe(want.writable ? 200 : refused);
    const reported = await w.app.inject({ method: "POST", url: `/api/v1/comments/${comment.id}/reports`, headers: JSON_WRITE, payload: { reason: "spam" } });
    expect(reported.statusCode).toBe(want.visible ? 202 : 404);
    expect((await vote(comment.id, "192.0.2.2")).statusCode).toBe(want.visible ? 200 : 404);
    const viewed = await w.app.inject({ method: "POST", url: `/api/v1/threads/${t}/views`, headers: { ...SAME_ORIGIN, "content-type": "text/plain" }, payload: "" });
    expect(viewed.statusCode).toBe(want.page ? 204 : 404);
    const removed = await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { ...SAME_ORIGIN, "x-edit-token": editToken } });
    expect(removed.statusCode).toBe(want.visible ? 200 : 404);
  });
});

describe("the live stream", () => {
  it("is refused for a discussion readers may not see, and ends when its post is unpublished", async () => {
    w = await makeAppWorld();
    const admin = await w.makeUser("admin");
    const open = await w.makePost({ slug: "open" });
    const hidden = await w.makePost({ slug: "hidden", threadMode: "hidden" });
    const address = await w.app.listen({ port: 0, host: "127.0.0.1" });
    expect((await fetch(`${address}/api/v1/threads/${hidden.threadId}/events`)).status).toBe(404);
    const stream = await openStream(`${address}/api/v1/threads/${open.threadId}/events`);
    expect(stream.res.status).toBe(200);
    await unpublishPost(w.deps, { postId: open.id, editorId: admin.id });
    await stream.ended;
    expect((await fetch(`${address}/api/v1/threads/${open.threadId}/events`)).status).toBe(404);
  });
});
