import { describe, expect, it } from "vitest";
import { createApiToken } from "../../src/domain/users/api-tokens.js";
import { changeUserRole, OPERATOR } from "../../src/domain/users/admin-users.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { logIn } from "../../src/domain/users/log-in.js";
import { startSession } from "../../src/domain/users/start-session.js";
import { csrfFor, SAME_ORIGIN, signedIn, submitForm } from "../helpers/app.js";
import { linkIn } from "../helpers/smtp-sink.js";
import { useMailWorld } from "../helpers/mail-world.js";

const openMailWorld = useMailWorld();

async function adminWorld() {
  const { w: world, sink } = await openMailWorld();
  const admin = await signedIn(world, "admin", "chief@example.test");
  const submit = (action: string, fields: Record<string, string>, cookies = admin.cookies, formPage = "/admin/users") => submitForm(world, formPage, action, fields, cookies);
  return { w: world, sink, admin, submit, get: (url: string, cookies = admin.cookies) => world.app.inject({ url, cookies }) };
}

describe("the admins' accounts console", () => {
  it("invites by e-mail: the invited person chooses a password by the mailed link and signs in with the role given; logged", async () => {
    const { w, sink, submit, get } = await adminWorld();
    const res = await submit("/admin/users/invite", { displayName: "Nadia Reporter", email: "Nadia@Example.test", role: "editor" });
    expect(res.statusCode, res.body).toBe(303);
    const invited = await w.deps.users.findUserByEmail("nadia@example.test");
    expect(invited?.role).toBe("editor");
    await expect(logIn(w.deps, { email: "nadia@example.test", password: "!invited" })).rejects.toThrow("Wrong e-mail or password");
    await w.deps.outboxWorker.runOnce();
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toBe("You are invited to Test Gazette");
    expect(mail!.text).toContain("made you an account (editor)");
    const link = linkIn(mail!, "http://127.0.0.1:3000/account/reset?token=");
    const token = new URL(link).searchParams.get("token")!;
    const csrf = await csrfFor(w, link.replace("http://127.0.0.1:3000", ""));
    const set = await w.app.inject({
      method: "POST",
      url: "/account/reset/new",
      headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      cookies: csrf.cookies,
      payload: new URLSearchParams({ _csrf: csrf.token, token, password: "my own long password" }).toString(),
    });
    expect(set.statusCode).toBe(303);
    expect((await logIn(w.deps, { email: "nadia@example.test", password: "my own long password" })).user.role).toBe("editor");

    const list = await get("/admin/users?q=nadia");
    expect(list.body).toContain("Nadia Reporter");
    expect(list.body).not.toContain("chief@example.test");
    expect((await get("/admin/users?role=admin")).body).toContain("chief@example.test");
    const log = await w.deps.moderation.listLog({ limit: 5 });
    expect(log.map((e) => e.detail)).toContain("invited nadia@example.test as editor");

    // The form keeps what was typed and names the problem.
    const again = await submit("/admin/users/invite", { displayName: "Nadia Again", email: "nadia@example.test", role: "editor" });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("already has an account");
    expect(again.body).toContain('value="Nadia Again"');
  });

  it("changes a role and disables an account: its sessions and API tokens stop, it cannot sign in; enabled again it can; logged", async () => {
    const { w, submit, get } = await adminWorld();
    const editor = await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "the editor password" });
    const { token: session } = await startSession(w.deps, { userId: editor.id });
    const { secret } = await createApiToken(w.deps, { actor: editor, name: "script", scopes: ["read"], expiresInDays: null });
    // The queue: an editor may read it, and so may the moderator the editor becomes.
    const api = () => w.app.inject({ url: "/api/v1/moderation/queue", headers: { authorization: `Bearer ${secret}` } });
    expect((await api()).statusCode).toBe(200);
    await w.makeComment(await w.makePost(), { body: "A comment from somewhere." });

    expect((await submit(`/admin/users/${editor.id}/role`, { role: "moderator" })).statusCode).toBe(303);
    expect((await w.deps.users.findUserById(editor.id))?.role).toBe("moderator");
    expect((await w.app.inject({ url: "/account", cookies: { bs_session: session } })).statusCode).toBe(303);

    const { token: session2 } = await startSession(w.deps, { userId: editor.id });
    expect((await submit(`/admin/users/${editor.id}/disable`, {})).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/account", cookies: { bs_session: session2 } })).statusCode).toBe(303);
    expect((await api()).statusCode).toBe(401);
    await expect(logIn(w.deps, { email: "ed@example.test", password: "the editor password" })).rejects.toThrow("This account is disabled");
    await expect(logIn(w.deps, { email: "ed@example.test", password: "a wrong password" })).rejects.toThrow("Wrong e-mail or password");
    const page = await get(`/admin/users/${editor.id}`);
    expect(page.body).toContain("disabled");
    expect(page.body).toContain("Enable the account again");

    expect((await submit(`/admin/users/${editor.id}/enable`, {})).statusCode).toBe(303);
    expect((await logIn(w.deps, { email: "ed@example.test", password: "the editor password" })).user.id).toBe(editor.id);
    expect((await api()).statusCode).toBe(200);
    const details = (await w.deps.moderation.listLog({ limit: 10 })).map((e) => e.detail);
    expect(details).toEqual(expect.arrayContaining(["ed@example.test: role editor → moderator", "ed@example.test: disabled", "ed@example.test: enabled again"]));
  });

  it("keeps one admin able to manage the site, lets no one disable themselves, and is for admins only", async () => {
    const { w, admin, submit, get } = await adminWorld();
    const lastAdmin = await submit(`/admin/users/${admin.user.id}/role`, { role: "editor" });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.body).toContain("is the only admin");
    await expect(changeUserRole(w.deps, { actor: OPERATOR, userId: admin.user.id, role: "editor" })).rejects.toThrow("is the only admin");
    expect((await submit(`/admin/users/${admin.user.id}/disable`, {})).statusCode).toBe(409);
    expect((await w.deps.users.findUserById(admin.user.id))?.role).toBe("admin");

    const editor = await signedIn(w, "editor");
    expect((await get("/admin/users", editor.cookies)).statusCode).toBe(403);
    expect((await submit(`/admin/users/${admin.user.id}/role`, { role: "commenter" }, editor.cookies, "/account")).statusCode).toBe(403);
    expect((await get("/admin/users/999999")).statusCode).toBe(404);
  });

  it("sends a reset link for an account, and shows its comments", async () => {
    const { w, sink, submit, get } = await adminWorld();
    const reader = await createUser(w.deps, { email: "reader@example.test", displayName: "Rita Reader", role: "commenter", password: "the reader password" });
    const post = await w.makePost();
    const { postComment } = await import("../../src/domain/comments/post-comment.js");
    await postComment(w.deps, { threadId: post.threadId, body: "My considered view on the levy.", clientAddress: "198.51.100.7", account: { userId: reader.id, displayName: reader.displayName, role: reader.role, email: reader.email } });
    expect((await submit(`/admin/users/${reader.id}/reset`, {})).statusCode).toBe(303);
    await w.deps.outboxWorker.runOnce();
    const [mail] = await sink.waitFor(1);
    expect(JSON.stringify(mail!.to)).toContain("reader@example.test");
    const page = await get(`/admin/users/${reader.id}`);
    expect(page.body).toContain("My considered view on the levy.");
    expect(page.body).toContain("1 comments");
  });
});
