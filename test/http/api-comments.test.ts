import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const json = (payload: unknown) => ({ headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, payload: JSON.stringify(payload) });

async function commentCount(threadId: number): Promise<number> {
  return (await w.deps.comments.listThreadComments(threadId)).length;
}

describe("the comment API", () => {
  it("posts, reads back as a tree with numbers, edits and removes with the edit token", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const created = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "First *words*", authorName: "Ada" }) });
    expect(created.statusCode).toBe(201);
    const { comment, editToken } = created.json();
    expect(comment).toMatchObject({ number: 1, path: "1", anchor: "c-1", authorName: "Ada", bodyHtml: "<p>First <em>words</em></p>", status: "published" });
    expect(comment).not.toHaveProperty("editTokenHash");

    const reply = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "A reply", parentId: comment.id }) });
    expect(reply.json().comment).toMatchObject({ path: "1.1", parentId: comment.id, authorName: null });

    const edited = await w.app.inject({ method: "PATCH", url: `/api/v1/comments/${comment.id}`, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", "x-edit-token": editToken }, payload: JSON.stringify({ body: "Changed" }) });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ bodyHtml: "<p>Changed</p>" });
    expect(edited.json().editedAt).not.toBeNull();

    const removed = await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { "x-edit-token": editToken } });
    expect(removed.statusCode).toBe(200);

    const thread = await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` });
    const [top] = thread.json().comments;
    expect(top).toMatchObject({ kind: "tombstone", status: "removed_by_author", bodyHtml: null, authorName: null });
    expect(top.replies[0]).toMatchObject({ path: "1.1", kind: "comment" });
    expect(thread.json().commentCount).toBe(1);
  });

  it("serves thread JSON from its cache until a comment changes it, with the live view count", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    await w.makeComment(post, { body: "one" });
    const read = async () => (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` })).json();
    expect((await read()).comments).toHaveLength(1);
    w.deps.views.record(post.threadId, 1, "203.0.113.1", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
    expect((await read()).viewCount).toBe(1);
    await w.makeComment(post, { body: "two" });
    const after = await read();
    expect(after.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(["<p>one</p>", "<p>two</p>"]);
    expect(after).toMatchObject({ commentCount: 2, viewCount: 1, nextCursor: null });
  });

  it("pages a thread by top-level comment with a cursor", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    for (let i = 0; i < 3; i++) await w.makeComment(post);
    const first = (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments?limit=2` })).json();
    expect(first.comments.map((c: { path: string }) => c.path)).toEqual(["1", "2"]);
    const second = (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments?limit=2&after=${first.nextCursor}` })).json();
    expect(second.comments.map((c: { path: string }) => c.path)).toEqual(["3"]);
    expect(second.nextCursor).toBeNull();
  });

  it("serves a post with its thread", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ source: { outlet: "Courier", url: "https://courier.example/a", publishedAt: 0 }, canonicalToSource: true });
    await w.makeComment(post);
    const res = await w.app.inject({ url: `/api/v1/posts/${post.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().post).toMatchObject({ slug: post.slug, canonicalUrl: "https://courier.example/a", source: { outlet: "Courier" } });
    expect(res.json().thread.comments).toHaveLength(1);
  });

  it("stores a lone surrogate, as only JSON can send one, as U+FFFD: valid UTF-8 on both dialects", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const lone = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: json({}).headers, payload: '{"body":"half \\ud800 a pair","authorName":"\\udc00Eve"}' });
    expect(lone.statusCode).toBe(201);
    const stored = await w.deps.comments.findComment(lone.json().comment.id);
    expect([stored?.bodySource, stored?.authorName]).toEqual(["half \uFFFD a pair", "\uFFFDEve"]);

  });

  it("attaches a reply to a comment at the deepest level beside it", async () => {
    w = await makeAppWorld({ maxDepth: 2 });
    const post = await w.makePost();
    const top = await w.makeComment(post);
    const deep = await w.makeComment(post, { parentId: top.comment.id, authorName: "Mei" });
    const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "answer", parentId: deep.comment.id }) });
    expect(res.json().comment).toMatchObject({ path: "1.2", parentId: top.comment.id });
    // The answer names whom it answers, as the thread will.
    expect(res.json().comment.replyingTo).toEqual({ path: "1.1", authorName: "Mei" });
    const tree = (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` })).json();
    expect(tree.comments[0].replies[1].replyingTo).toEqual({ path: "1.1", authorName: "Mei" });
  });
});

describe("bad input gets a clear 4xx as problem+json and stores nothing", () => {
  const cases: Array<[string, (ids: { threadId: number; otherParent: number }) => { url: string; payload: string | Buffer; headers?: Record<string, string> }, number, string, string | undefined]> = [
    ["unknown thread", () => ({ url: "/api/v1/threads/999999/comments", payload: JSON.stringify({ body: "x" }) }), 404, "not_found", "threadId"],
    ["a parent from another thread", ({ threadId, otherParent }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", parentId: otherParent }) }), 400, "parent_in_other_thread", "parentId"],
    ["a parent that does not exist", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", parentId: 424242 }) }), 400, "parent_not_found", "parentId"],
    ["an empty body", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "   " }) }), 400, "invalid_input", "body"],
    ["a missing body", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ authorName: "x" }) }), 400, "invalid_input", "body"],
    ["an over-long body", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "é".repeat(10_001) }) }), 400, "invalid_input", "body"],
    ["an over-long name", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", authorName: "n".repeat(61) }) }), 400, "invalid_input", "authorName"],
    ["a javascript: website", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", authorWebsite: "javascript:alert(1)" }) }), 400, "invalid_input", "authorWebsite"],
    ["an unknown field", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", status: "published" }) }), 400, "invalid_input", "status"],
    ["malformed JSON", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: '{"body": "x"' }), 400, "malformed_json", undefined],
    ["a body over 64 KiB", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x".repeat(70_000) }) }), 413, "payload_too_large", undefined],
    ["invalid UTF-8", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: Buffer.concat([Buffer.from('{"body": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]) }), 400, "invalid_encoding", undefined],
    // JSON says what type a value is: nothing is read as another type ("parentId": true is not comment 1).
    ["a parent given as true", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", parentId: true }) }), 400, "invalid_input", "parentId"],
    ["a parent given as a string", ({ threadId, otherParent }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", parentId: String(otherParent) }) }), 400, "invalid_input", "parentId"],
    ["a body given as a number", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: 12345 }) }), 400, "invalid_input", "body"],
    ["a name given as an array", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: "x", authorName: ["Ada"] }) }), 400, "invalid_input", "authorName"],
    ["a body given as null", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: JSON.stringify({ body: null }) }), 400, "invalid_input", "body"],
    ["JSON in another charset", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: Buffer.from('{"body": "caf\xe9"}', "latin1"), headers: { "content-type": "application/json; charset=latin1" } }), 415, "unsupported_media_type", undefined],
    ["a form-encoded body", ({ threadId }) => ({ url: `/api/v1/threads/${threadId}/comments`, payload: "body=x", headers: { "content-type": "text/xml" } }), 415, "unsupported_media_type", undefined],
  ];

  it.each(cases)("refuses %s", async (_name, make, status, code, field) => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const other = await w.makePost();
    const otherParent = (await w.makeComment(other)).comment.id;
    const before = await commentCount(post.threadId);
    const req = make({ threadId: post.threadId, otherParent });
    const res = await w.app.inject({ method: "POST", url: req.url, payload: req.payload, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", ...req.headers } });
    expect(res.statusCode).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code });
    if (field) expect(res.json().field).toBe(field);
    expect(await commentCount(post.threadId)).toBe(before);
  });

  it("refuses a wrong edit token, a missing one, and an edit after 15 minutes", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const { comment, editToken } = await w.makeComment(post, { body: "original" });
    const patch = (token?: string) =>
      w.app.inject({ method: "PATCH", url: `/api/v1/comments/${comment.id}`, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", ...(token ? { "x-edit-token": token } : {}) }, payload: JSON.stringify({ body: "changed" }) });
    expect((await patch("wrong-token-wrong-token")).json()).toMatchObject({ status: 403, code: "invalid_token" });
    expect((await patch()).json()).toMatchObject({ status: 403, code: "invalid_token", field: "x-edit-token" });
    w.clock.advance(15 * 60_000 + 1);
    expect((await patch(editToken)).json()).toMatchObject({ status: 403, code: "edit_window_closed" });
    expect((await w.deps.comments.findComment(comment.id))?.bodySource).toBe("original");
    const del = await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { "x-edit-token": "nope-nope-nope-nope" } });
    expect(del.json()).toMatchObject({ status: 403, code: "invalid_token" });
    expect((await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { "x-edit-token": editToken } })).statusCode).toBe(200);
    expect((await w.app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: { "x-edit-token": editToken } })).json()).toMatchObject({ status: 409, code: "comment_removed" });
    // Editing a removed comment says it was removed, not that 15 minutes passed.
    const editRemoved = await w.app.inject({ method: "PATCH", url: `/api/v1/comments/${comment.id}`, headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json", "x-edit-token": editToken }, payload: JSON.stringify({ body: "again" }) });
    expect(editRemoved.json()).toMatchObject({ status: 409, code: "comment_removed", detail: "This comment has been removed, so it can no longer be edited." });
  });

  it("refuses comments on a closed thread", async () => {
    w = await makeAppWorld();
    const post = await w.makePost({ threadMode: "closed" });
    const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "x" }) });
    expect(res.json()).toMatchObject({ status: 403, code: "thread_closed" });
  });

  it("asks for a name where anonymous comments are off", async () => {
    w = await makeAppWorld({ allowAnonymous: false });
    const post = await w.makePost();
    const res = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "x" }) });
    expect(res.json()).toMatchObject({ status: 400, code: "anonymous_not_allowed", field: "authorName" });
  });

  it("rate-limits comment writes per client with Retry-After", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "3" } });
    const post = await w.makePost();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: `n${i}` }) })).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    const limited = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, ...json({ body: "again" }) });
    expect(limited.headers["retry-after"]).toBeDefined();
    expect(limited.json()).toMatchObject({ code: "rate_limited" });
  });
});
