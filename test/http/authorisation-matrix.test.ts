import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanPostFields } from "../../src/domain/posts/post-fields.js";
import { savePost } from "../../src/domain/posts/save-post.js";
import { createApiToken } from "../../src/domain/users/api-tokens.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import type { Role } from "../../src/domain/users/user.js";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

type Who = "anonymous" | Role;
const WHO: Who[] = ["anonymous", "commenter", "moderator", "editor", "admin"];

let w: AppWorld;
let slug = "";
let threadId = 0;
let commentId = 0;
let editedPostId = 0;
let revisionId = 0;
let post: Awaited<ReturnType<AppWorld["makePost"]>>;
/** A fresh account of this role, signed in, per call: routes like sign-out end sessions. */
const sessionOf = async (who: Who): Promise<Record<string, string>> => (who === "anonymous" ? {} : (await signedIn(w, who)).cookies);

beforeAll(async () => {
  w = await makeAppWorld();
  post = await w.makePost();
  slug = post.slug;
  threadId = post.threadId;
  commentId = (await w.makeComment(post)).comment.id;
  const admin = await signedIn(w, "admin");
  const edited = await savePost(w.deps, { fields: cleanPostFields(POST_FORM), publishing: { kind: "now" }, editorId: admin.user.id });
  editedPostId = edited.id;
  revisionId = (await w.deps.posts.listRevisions(edited.id))[0]?.id ?? 0;
});
afterAll(async () => w?.cleanup());

/** Calls one mutating route as `who` (with a valid CSRF token where the route is a form) and returns the status. */
type Call = (who: Who) => Promise<number>;
const asForm = (url: string, fields: Record<string, string>, csrfPage?: string): Call => async (who) => {
  const base = await sessionOf(who);
  const csrf = csrfPage ? await csrfFor(w, csrfPage, base) : { token: "", cookies: base };
  const res = await w.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
    payload: new URLSearchParams({ ...fields, ...(csrfPage ? { _csrf: csrf.token } : {}) }).toString(),
    cookies: csrf.cookies,
  });
  return res.statusCode;
};
/** A form behind sign-in: the CSRF token comes from a page the caller can open. */
const signedForm = (url: () => string, fields: Record<string, string>): Call => (who) => asForm(url(), fields, who === "anonymous" ? "/login" : "/account")(who);
const POST_FORM = { title: "Matrix post", body: "Body.", publish: "now", action: "save" };
const asJson = (method: "POST" | "PATCH" | "DELETE", url: () => string, body?: object): Call => async (who) =>
  (await w.app.inject({ method, url: url(), cookies: await sessionOf(who), headers: { ...SAME_ORIGIN, ...(body ? { origin: "http://127.0.0.1:3000", "content-type": "application/json" } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) })).statusCode;
/** A new comment for each call, so every caller acts on a comment in the same state. */
const freshComment = async () => (await w.makeComment(post, { body: `Fresh ${Math.random()}` })).comment.id;

// Expected status per caller: anonymous, commenter, moderator, editor, admin.
const ROUTES: Array<[string, Call, number[]]> = [
  ["POST /posts/:slug/comments", (who) => asForm(`/posts/${slug}/comments`, { body: `form by ${who}` })(who), [303, 303, 303, 303, 303]],
  ["POST /api/v1/threads/:id/comments", asJson("POST", () => `/api/v1/threads/${threadId}/comments`, { body: "api" }), [201, 201, 201, 201, 201]],
  // Authorship of a comment is proven by its edit token, never by a role.
  ["PATCH /api/v1/comments/:id", asJson("PATCH", () => `/api/v1/comments/${commentId}`, { body: "x" }), [403, 403, 403, 403, 403]],
  ["DELETE /api/v1/comments/:id", asJson("DELETE", () => `/api/v1/comments/${commentId}`), [403, 403, 403, 403, 403]],
  ["POST /comments/:id/edit", (who) => asForm(`/comments/${commentId}/edit`, { body: "x" }, "/login?next=/")(who), [403, 403, 403, 403, 403]],
  ["POST /comments/:id/remove", (who) => asForm(`/comments/${commentId}/remove`, {}, "/login?next=/")(who), [403, 403, 403, 403, 403]],
  ["POST /api/v1/threads/:id/views", asJson("POST", () => `/api/v1/threads/${threadId}/views`), [204, 204, 204, 204, 204]],
  ["POST /login (wrong password)", (who) => asForm("/login", { email: "nobody@example.test", password: "not the password" }, "/login")(who === "anonymous" ? who : "anonymous"), [401, 401, 401, 401, 401]],
  [
    "POST /account/password",
    async (who) => (who === "anonymous" ? asForm("/account/password", { currentPassword: "x", newPassword: "y" }, "/login")(who) : asForm("/account/password", { currentPassword: "correct horse battery", newPassword: "correct horse battery" }, "/account")(who)),
    [401, 200, 200, 200, 200],
  ],
  ["POST /editor/posts", (who) => signedForm(() => "/editor/posts", { ...POST_FORM, title: `Written by ${who}` })(who), [401, 403, 403, 303, 303]],
  ["POST /editor/posts/:id", signedForm(() => `/editor/posts/${editedPostId}`, { ...POST_FORM, title: "Matrix post, edited", slug: "matrix-post-edited" }), [401, 403, 403, 303, 303]],
  ["POST /editor/posts/:id/revisions/:rev/restore", signedForm(() => `/editor/posts/${editedPostId}/revisions/${revisionId}/restore`, {}), [401, 403, 403, 303, 303]],
  ["POST /editor/posts/:id/unpublish", signedForm(() => `/editor/posts/${editedPostId}/unpublish`, {}), [401, 403, 403, 303, 303]],
  // Editors get as far as the picture check (a form without a file is refused: 400).
  ["POST /editor/media", signedForm(() => "/editor/media", {}), [401, 403, 403, 400, 400]],
  ["POST /editor/posts/:id/trash and /untrash", async (who) => {
    const post = await w.makePost({ title: `Trash by ${who}` });
    const a = await signedForm(() => `/editor/posts/${post.id}/trash`, {})(who);
    const b = await signedForm(() => `/editor/posts/${post.id}/untrash`, {})(who);
    return a === b ? a : b;
  }, [401, 403, 403, 303, 303]],
  ["POST /editor/preview", signedForm(() => "/editor/preview", { body: "*x*" }), [401, 403, 403, 200, 200]],
  ["POST /moderation/act", async (who) => { const id = await freshComment(); return signedForm(() => "/moderation/act", { do: `remove:${threadId}:${id}` })(who); }, [401, 403, 303, 303, 303]],
  ["POST /moderation/act (ban)", async (who) => { const id = await freshComment(); return signedForm(() => "/moderation/act", { do: `ban:${threadId}:${id}`, duration: "1d" })(who); }, [401, 403, 303, 303, 303]],
  ["POST /moderation/emergency", signedForm(() => "/moderation/emergency", { on: "0" }), [401, 403, 303, 303, 303]],
  ["POST /moderation/bans", signedForm(() => "/moderation/bans", { domain: "spam.example", duration: "7d" }), [401, 403, 200, 200, 200]],
  [
    "POST /moderation/bans/:id/lift",
    async (who) => {
      const ban = await w.deps.moderation.insertBan({ kind: "email_domain", value: "x.example", reason: "", createdBy: 1, createdAt: w.clock.now(), expiresAt: null, siteId: null });
      return signedForm(() => `/moderation/bans/${ban.id}/lift`, {})(who);
    },
    [401, 403, 200, 200, 200],
  ],
  ["POST /moderation/words", (who) => signedForm(() => "/moderation/words", { phrase: `bodoh ${who}`, action: "hold" })(who), [401, 403, 303, 303, 303]],
  [
    "POST /moderation/words/remove",
    async (who) => {
      await w.deps.sites.changeModerationSettings(1, (s) => ({ ...s, words: [...s.words, { phrase: `remove me ${who}`, action: "hold" }] }));
      return signedForm(() => "/moderation/words/remove", { phrase: `remove me ${who}` })(who);
    },
    [401, 403, 303, 303, 303],
  ],
  ["POST /moderation/settings", signedForm(() => "/moderation/settings", { commentMode: "open", reportsToHide: "3", holdLinksFromNewAt: "2", autoCloseDays: "0", profanityAction: "hold", duplicateWindowMinutes: "60", spamHoldAt: "0.8", spamRejectAt: "0.99", trustApprovedAuthors: "1" }), [401, 403, 403, 403, 303]],
  ["POST /api/v1/threads/:t/comments/:c/moderation", async (who) => { const id = await freshComment(); return asJson("POST", () => `/api/v1/threads/${threadId}/comments/${id}/moderation`, { action: "spam" })(who); }, [401, 403, 200, 200, 200]],
  ["POST /comments/:id/report", async (who) => { const id = await freshComment(); return asForm(`/comments/${id}/report`, { reason: "abuse" }, `/comments/${id}/report`)(who); }, [200, 200, 200, 200, 200]],
  ["POST /api/v1/comments/:id/reports", async (who) => { const id = await freshComment(); return asJson("POST", () => `/api/v1/comments/${id}/reports`, { reason: "spam" })(who); }, [202, 202, 202, 202, 202]],
  ["POST /admin/sites", (who) => signedForm(() => "/admin/sites", { name: `Site of ${who}`, origins: `https://${who}.example`, language: "en", maxDepth: "3" })(who), [401, 403, 403, 403, 200]],
  [
    "POST /admin/sites/:id and /secret",
    async (who) => {
      const { site } = await addSite(w.deps, { name: `Edited by ${who}`, origins: [`https://e-${who}.example`] });
      const edit = await signedForm(() => `/admin/sites/${site.id}`, { name: "Renamed", origins: `https://e-${who}.example`, language: "en", maxDepth: "3" })(who);
      const rotate = await signedForm(() => `/admin/sites/${site.id}/secret`, {})(who);
      return edit === 303 && rotate === 200 ? 1 : rotate;
    },
    [401, 403, 403, 403, 1],
  ],
  [
    "POST /api/v1/threads/:id/urls and /merge",
    async (who) => {
      const { site } = await addSite(w.deps, { name: `Merge by ${who}`, origins: [`https://m-${who}.example`] });
      const open = async (path: string) => (await w.deps.threads.createPageThread(site.id, `https://m-${who}.example${path}`, path, w.clock.now())).id;
      const [a, b] = [await open("/a"), await open("/b")];
      const attach = await asJson("POST", () => `/api/v1/threads/${a}/urls`, { url: `https://m-${who}.example/amp/a` })(who);
      const merge = await asJson("POST", () => `/api/v1/threads/${b}/merge`, { intoThreadId: a })(who);
      return attach === 201 && merge === 200 ? 1 : merge;
    },
    [401, 403, 1, 1, 1],
  ],
  ["POST /account/tokens", (who) => signedForm(() => "/account/tokens", { name: `Token of ${who}`, "scopes[]": "read", expiresInDays: "30" })(who), [401, 403, 201, 201, 201]],
  [
    "POST /account/tokens/:id/revoke",
    async (who) => {
      // Each caller tries to revoke another editor's token: only its own member may (api-tokens.test.ts), so staff find none.
      const { user: owner } = await signedIn(w, "editor");
      const { token } = await createApiToken(w.deps, { actor: owner, name: `Revoke by ${who}`, scopes: ["read"], expiresInDays: 30 });
      return signedForm(() => `/account/tokens/${token.id}/revoke`, {})(who);
    },
    [401, 403, 404, 404, 404],
  ],
  ["POST /admin/users/invite", (who) => signedForm(() => "/admin/users/invite", { displayName: `Invitee of ${who}`, email: `invitee-${who}@example.test`, role: "editor" })(who), [401, 403, 403, 403, 303]],
  [
    "POST /admin/users/:id/role, disable, enable, reset",
    async (who) => {
      const target = await createUser(w.deps, { email: `target-${who}@example.test`, displayName: `Target ${who}`, role: "commenter", password: "correct horse battery" });
      const codes = [];
      for (const [path, fields] of [["role", { role: "moderator" }], ["disable", {}], ["enable", {}], ["reset", {}]] as const) codes.push(await signedForm(() => `/admin/users/${target.id}/${path}`, fields)(who));
      return codes.every((c) => c === 303) ? 303 : codes.find((c) => c !== 303)!;
    },
    [401, 403, 403, 403, 303],
  ],
  ["POST /admin/settings", signedForm(() => "/admin/settings", { name: "Test Gazette", language: "en", description: "", timeZone: "", accent: "", logoUrl: "", navigation: "", footer: "", allowAnonymous: "1", maxDepth: "3", votes: "updown" }), [401, 403, 403, 403, 303]],
  [
    "POST /admin/pages, /:id and /:id/delete",
    async (who) => {
      const make = await signedForm(() => "/admin/pages", { title: `Page by ${who}`, slug: `page-${who}`, body: "Text." })(who);
      const { id } = await w.deps.pages.savePage(1, { slug: `fixture-${who}`, title: "Fixture", bodySource: "x", bodyHtml: "<p>x</p>", inNav: false, position: 0 }, w.clock.now());
      const edit = await signedForm(() => `/admin/pages/${id}`, { title: "Edited", slug: `fixture-${who}`, body: "Edited." })(who);
      const del = await signedForm(() => `/admin/pages/${id}/delete`, {})(who);
      return [make, edit, del].every((c) => c === 303) ? 303 : [make, edit, del].find((c) => c !== 303)!;
    },
    [401, 403, 403, 403, 303],
  ],
  ["POST /logout", (who) => asForm("/logout", {}, who === "anonymous" ? "/login" : "/account")(who), [303, 303, 303, 303, 303]],
];

describe("every mutating route × every kind of caller", () => {
  it.each(ROUTES)("%s", async (_name, call, expected) => {
    const got: number[] = [];
    for (const who of WHO) got.push(await call(who));
    expect(got).toEqual(expected);
  });
});
