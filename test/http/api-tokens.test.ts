import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/domain/users/api-tokens.js";
import { changeUserRole, OPERATOR } from "../../src/domain/users/admin-users.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

/** The world served on a real port: a script calls it as any HTTP client would, with no Origin. */
async function served() {
  w = await makeAppWorld();
  await w.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { base, call };
}

async function tokenFor(role: "editor" | "moderator" | "admin", scopes: string[], expiresInDays: number | null = 30) {
  const { user } = await signedIn(w, role);
  const { secret } = await createApiToken(w.deps, { actor: user, name: `${role} script`, scopes, expiresInDays });
  return { user, secret };
}

describe("staff API tokens", () => {
  it("are made on their page and shown once; only a hash is stored", async () => {
    w = await makeAppWorld();
    const { cookies } = await signedIn(w, "editor");
    const csrf = await csrfFor(w, "/account/tokens", cookies);
    const made = await w.app.inject({
      method: "POST",
      url: "/account/tokens",
      cookies: csrf.cookies,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      payload: `_csrf=${encodeURIComponent(csrf.token)}&name=Wire+importer&scopes%5B%5D=read&scopes%5B%5D=write%3Aposts&expiresInDays=90`,
    });
    expect(made.statusCode).toBe(201);
    const secret = /<code class="secret">(bst_[\w-]+)<\/code>/.exec(made.body)?.[1];
    expect(secret).toBeDefined();
    expect(made.headers["cache-control"]).toBe("no-store");
    const again = await w.app.inject({ url: "/account/tokens", cookies });
    expect(again.body).toContain("Wire importer");
    expect(again.body, /<ul class="token-list">.*?<\/ul>/s.exec(again.body)?.[0]).toContain("read, write:posts");
    expect(again.body).not.toContain(secret!);
    const rows = await w.store.db.selectFrom("api_tokens").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret!.slice(4));
    expect(rows[0]!.token_hash).toBe(w.deps.hasher.sha256(secret!));

    // Problems are named and the form keeps what was typed.
    const bad = await w.app.inject({
      method: "POST",
      url: "/account/tokens",
      cookies: csrf.cookies,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      payload: `_csrf=${encodeURIComponent(csrf.token)}&name=Nothing+chosen&expiresInDays=30`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Choose at least one of the scopes offered.");
    expect(bad.body).toContain('value="Nothing chosen"');
  });

  it("let an editor's script write, publish and unpublish posts through the JSON API, with no browser and no Origin", async () => {
    const { call } = await served();
    const { secret, user } = await tokenFor("editor", ["read", "write:posts"]);
    const created = await call(secret, "POST", "/api/v1/posts", { title: "Harbour levy passes", body: "The council *voted* 7–2.", labels: ["council", "harbour"] });
    expect(created.status, await created.clone().text()).toBe(201);
    const { post } = (await created.json()) as { post: { id: number; slug: string; status: string; labels: string[] } };
    expect(post).toMatchObject({ status: "draft", slug: "harbour-levy-passes", labels: ["council", "harbour"] });
    expect((await w.deps.posts.findPostById(post.id))?.authorId).toBe(user.id);

    const listed = (await (await call(secret, "GET", "/api/v1/posts?status=draft")).json()) as { posts: Array<{ id: number }> };
    expect(listed.posts.map((p) => p.id)).toContain(post.id);
    expect((await fetch(`${(await served2()).base}/api/v1/posts/${post.slug}`)).status).toBe(404);

    const published = await call(secret, "PATCH", `/api/v1/posts/${post.id}`, { publish: "now", standfirst: "A 7–2 vote." });
    expect(published.status).toBe(200);
    expect(((await published.json()) as { post: { status: string; title: string; standfirst: string } }).post).toMatchObject({ status: "published", title: "Harbour levy passes", standfirst: "A 7–2 vote." });
    // A change of one field keeps the post published and every other field as it was.
    const retitled = (await (await call(secret, "PATCH", `/api/v1/posts/${post.id}`, { title: "Harbour levy passes, 7–2" })).json()) as { post: { status: string; labels: string[]; bodySource: string } };
    const retitledAgain = async () => (await call(secret, "PATCH", `/api/v1/posts/${post.id}`, { title: "Harbour levy passes, 7–2" })).json();
    expect(retitled.post).toMatchObject({ status: "published", labels: ["council", "harbour"], bodySource: "The council *voted* 7–2." });
    expect((await w.app.inject({ url: `/posts/${post.slug}` })).statusCode).toBe(200);
    // A change based on what the client read is refused when the post was saved since: no lost update.
    const read = ((await retitledAgain()) as { post: { updatedAt: string } }).post.updatedAt;
    w.clock.advance(1000);
    expect((await call(secret, "PATCH", `/api/v1/posts/${post.id}`, { standfirst: "First.", basedOn: read })).status).toBe(200);
    const stale = await call(secret, "PATCH", `/api/v1/posts/${post.id}`, { standfirst: "Second, from the old read.", basedOn: read });
    expect([stale.status, ((await stale.json()) as { code: string }).code]).toEqual([409, "conflict"]);
    expect((await w.deps.posts.findPostById(post.id))?.standfirst).toBe("First.");

    // A scheduled post keeps its time through a PATCH that does not name one; once the time has passed it is published.
    const at = new Date(w.clock.now() + 3_600_000).toISOString();
    const scheduled = (await (await call(secret, "POST", "/api/v1/posts", { title: "Ferry timetable", body: "From Monday.", publish: "schedule", publishAt: at })).json()) as { post: { id: number; status: string; publishedAt: string } };
    expect(scheduled.post).toMatchObject({ status: "scheduled", publishedAt: at });
    const kept = (await (await call(secret, "PATCH", `/api/v1/posts/${scheduled.post.id}`, { standfirst: "Earlier boats." })).json()) as { post: { status: string; publishedAt: string } };
    expect(kept.post).toMatchObject({ status: "scheduled", publishedAt: at });
    w.clock.advance(2 * 3_600_000);
    const later = (await (await call(secret, "PATCH", `/api/v1/posts/${scheduled.post.id}`, { standfirst: "Earlier boats, from today." })).json()) as { post: { status: string; publishedAt: string } };
    expect(later.post.status).toBe("published");

    const off = await call(secret, "POST", `/api/v1/posts/${post.id}/unpublish`);
    expect(off.status).toBe(200);
    expect((await w.deps.posts.findPostById(post.id))?.status).toBe("draft");

    const invalid = await call(secret, "POST", "/api/v1/posts", { title: "  ", body: "x" });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(((await invalid.json()) as { field: string }).field).toBe("title");
  });

  it("act only within their scopes and their member's role, and never as a reader", async () => {
    const { call } = await served();
    const post = await w.makePost();
    const comment = (await w.makeComment(post, { body: "A comment to moderate." })).comment;
    const reader = await tokenFor("editor", ["read"]);
    const denied = await call(reader.secret, "POST", "/api/v1/posts", { title: "Not allowed", body: "x" });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { detail: string }).detail).toBe("This token does not have the “write:posts” scope.");
    expect((await call(reader.secret, "GET", "/api/v1/posts")).status).toBe(200);
    expect((await call(reader.secret, "GET", "/api/v1/moderation/queue")).status).toBe(200);

    const mod = await tokenFor("moderator", ["moderate"]);
    const act = await call(mod.secret, "POST", `/api/v1/threads/${post.threadId}/comments/${comment.id}/moderation`, { action: "spam" });
    expect(act.status, await act.clone().text()).toBe(200);
    expect((await w.deps.comments.findComment(comment.id))?.status).toBe("spam");
    // Reading needs "read", even for a moderator's token; a moderator's role cannot give "write:posts".
    expect((await call(mod.secret, "GET", "/api/v1/moderation/queue")).status).toBe(403);
    await expect(createApiToken(w.deps, { actor: mod.user, name: "x", scopes: ["write:posts"], expiresInDays: 30 })).rejects.toThrow(/cannot give a token/);

    // A token is not a reader: it cannot comment, vote, report or count views.
    const writer = await tokenFor("admin", ["read", "write:posts", "moderate"]);
    for (const [path, body] of [
      [`/api/v1/threads/${post.threadId}/comments`, { body: "From a script" }],
      [`/api/v1/comments/${comment.id}/vote`, { value: 1 }],
      [`/api/v1/comments/${comment.id}/reports`, { reason: "spam" }],
      [`/api/v1/threads/${post.threadId}/views`, {}],
    ] as const) {
      expect((await call(writer.secret, "POST", path, body)).status, path).toBe(403);
    }
    // Outside the API the header means nothing: pages still want a signed-in browser.
    const editorPage = await fetch(`${(await served2()).base}/editor`, { headers: { authorization: `Bearer ${writer.secret}` }, redirect: "manual" });
    expect(editorPage.status).toBe(303);

    // A member demoted to commenter: the token keeps nothing of the old role.
    await signedIn(w, "admin"); // another admin, so the site keeps one
    await changeUserRole(w.deps, { actor: OPERATOR, userId: writer.user.id, role: "commenter" });
    expect((await call(writer.secret, "POST", "/api/v1/posts", { title: "After demotion", body: "x" })).status).toBe(403);
  });

  it("stop working when revoked or expired, answered 401", async () => {
    const { call } = await served();
    const { cookies, user } = await signedIn(w, "editor");
    const { secret, token } = await createApiToken(w.deps, { actor: user, name: "Short-lived", scopes: ["read"], expiresInDays: 1 });
    expect((await call(secret, "GET", "/api/v1/posts")).status).toBe(200);
    expect((await w.deps.apiTokens.listTokens(user.id))[0]?.lastUsedAt).not.toBeNull();
    w.clock.advance(24 * 3600 * 1000 + 1);
    const expired = await call(secret, "GET", "/api/v1/posts");
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/revoked, it expired/);

    const other = await createApiToken(w.deps, { actor: user, name: "Revoked", scopes: ["read"], expiresInDays: null });
    expect((await call(other.secret, "GET", "/api/v1/posts")).status).toBe(200);
    const csrf = await csrfFor(w, "/account/tokens", cookies);
    const revoked = await w.app.inject({
      method: "POST",
      url: `/account/tokens/${other.token.id}/revoke`,
      cookies: csrf.cookies,
      headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
      payload: `_csrf=${encodeURIComponent(csrf.token)}`,
    });
    expect(revoked.statusCode).toBe(303);
    expect((await call(other.secret, "GET", "/api/v1/posts")).status).toBe(401);
    expect(token.id).not.toBe(other.token.id);

    // A token is taken from the Authorization header only: in the session cookie it is no session,
    // and the page is served as to any reader (not refused), a live token included.
    for (const value of [other.secret, "bst_not-a-token-at-all", (await createApiToken(w.deps, { actor: user, name: "Live", scopes: ["read"], expiresInDays: null })).secret]) {
      const page = await w.app.inject({ url: "/", cookies: { bs_session: value } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('href="/login"');
    }
  });

  it("are described in the OpenAPI document, which lists only the JSON API, grouped by tags", async () => {
    w = await makeAppWorld();
    const doc = (await w.app.inject({ url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
      tags: Array<{ name: string }>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
    };
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.every((p) => p.startsWith("/api/v1/"))).toBe(true);
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    const tags = new Set(doc.tags.map((t) => t.name));
    expect(operations.every((op) => op.tags?.length === 1 && tags.has(op.tags[0]!))).toBe(true);
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/v1/posts"]!.post!.security).toEqual([{ apiToken: [] }, { session: [] }]);
    expect(doc.paths["/api/v1/moderation/queue"]!.get!.security).toEqual([{ apiToken: [] }, { session: [] }]);
    expect(doc.paths["/api/v1/threads/{id}/comments"]!.get!.security).toBeUndefined();
  });
});

/** The same served world's address (served() listens once per test). */
async function served2() {
  return { base: `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}` };
}
