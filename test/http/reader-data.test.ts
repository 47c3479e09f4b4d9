import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/users/create-user.js";
import { startSession } from "../../src/domain/users/start-session.js";
import { SAME_ORIGIN, submitForm, type AppWorld } from "../helpers/app.js";
import { linkIn } from "../helpers/smtp-sink.js";
import { useMailWorld } from "../helpers/mail-world.js";

const openMailWorld = useMailWorld();

async function reader(world: AppWorld, email = "reader@example.test") {
  const user = await createUser(world.deps, { email, displayName: "Rosa Reader", role: "commenter", password: "the reader's password" });
  const { token } = await startSession(world.deps, { userId: user.id });
  return { user, cookies: { bs_session: token } };
}

const submit = (world: AppWorld, action: string, fields: Record<string, string>, cookies: Record<string, string>, formPage = "/account") => submitForm(world, formPage, action, fields, cookies);

describe("a reader's own account", () => {
  it("renames (not to another account's name), changes the address through a link to it, and downloads everything as JSON", async () => {
    const { w, sink } = await openMailWorld();
    await createUser(w.deps, { email: "ed@example.test", displayName: "Editor Ed", role: "editor", password: "the editor password" });
    const { user, cookies } = await reader(w);
    const post = await w.makePost({ title: "Tides", slug: "tides" });
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, cookies, payload: { body: "Signed-in thoughts 画蛇添足" } });

    const taken = await submit(w, "/account/name", { displayName: "editor ed" }, cookies);
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain("Another account uses this name");
    const renamed = await submit(w, "/account/name", { displayName: "Rosa R." }, cookies);
    expect(renamed.body).toContain("Your name is now Rosa R.");

    const wrong = await submit(w, "/account/email", { email: "rosa@new.example", password: "not it" }, cookies);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That is not your current password.");
    await submit(w, "/account/email", { email: "Rosa@New.example", password: "the reader's password" }, cookies);
    await w.deps.outboxWorker.runOnce();
    const [mail] = await sink.waitFor(1);
    expect((mail!.to as { text: string }).text).toBe("rosa@new.example");
    expect((await w.deps.users.findUserById(user.id))?.email).toBe("reader@example.test");
    const link = linkIn(mail!, "http://127.0.0.1:3000/account/email?token=");
    const confirmed = await submit(w, "/account/email/confirm", { token: new URL(link).searchParams.get("token")! }, {}, link.replace("http://127.0.0.1:3000", ""));
    expect(confirmed.statusCode).toBe(303);
    expect((await w.deps.users.findUserById(user.id))?.email).toBe("rosa@new.example");

    const data = await w.app.inject({ url: "/account/data.json", cookies });
    expect(data.headers["content-disposition"]).toContain("attachment");
    const json = data.json();
    expect(json.account).toMatchObject({ email: "rosa@new.example", displayName: "Rosa R." });
    expect(json.comments).toEqual([expect.objectContaining({ number: "1", text: "Signed-in thoughts 画蛇添足", discussion: { post: "tides", title: "Tides" } })]);
    expect(JSON.stringify(json)).not.toMatch(/scrypt|password/i);
    expect((await w.app.inject({ url: "/account/data.json" })).statusCode).toBe(303);
  });

  it.each([
    ["anonymise", "published", null],
    ["remove", "removed_by_author", null],
  ] as const)("deletes the account; its comments %s (status %s), numbers kept", async (mode, status, _none) => {
    const { w } = await openMailWorld();
    const { user, cookies } = await reader(w);
    const post = await w.makePost({ slug: "harbour" });
    const posted = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, cookies, payload: { body: "Mine." } });
    await w.makeComment(post, { body: "Someone else's." });
    const refused = await submit(w, "/account/delete", { comments: mode, password: "wrong" }, cookies);
    expect(refused.statusCode).toBe(401);
    const done = await submit(w, "/account/delete", { comments: mode, password: "the reader's password" }, cookies);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Account deleted");
    expect(await w.deps.users.findUserById(user.id)).toBeUndefined();
    const comment = await w.deps.comments.findComment(posted.json().comment.id);
    expect(comment).toMatchObject({ status, authorName: null, authorUserId: null, numberPath: [1] });
    expect((await w.deps.threads.findThreadWithPost(post.threadId))?.thread.commentCount).toBe(mode === "remove" ? 1 : 2);
    expect((await w.app.inject({ url: "/account", cookies })).statusCode).toBe(303);
    const page = (await w.app.inject({ url: "/posts/harbour" })).body;
    // Removed without replies below it, it is not shown (its number stays skipped); kept, it is anonymous.
    if (mode === "remove") expect(page).not.toContain("Mine.");
    else expect(page).toMatch(/Anonymous[\s\S]*Mine\./);
  });
});
