import { describe, expect, it } from "vitest";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { removeComment } from "../../src/domain/comments/remove-comment.js";
import { SAME_ORIGIN, signedIn } from "../helpers/app.js";
import { linkIn } from "../helpers/smtp-sink.js";
import { useMailWorld } from "../helpers/mail-world.js";
import { dialects } from "../helpers/world.js";

const openMailWorld = useMailWorld();

const to = (m: { to?: unknown }) => ((m.to as { text?: string } | undefined)?.text ?? "");
const pathOf = (link: string) => link.replace("http://127.0.0.1:3000", "");

describe("reply notifications", () => {
  it("mails a confirmed guest once per published reply, never for a held or removed one until it is public, and stops in one click", async () => {
    const { w, sink } = await openMailWorld();
    const post = await w.makePost({ title: "Harbour wall <vote>", slug: "harbour-wall" });
    const api = (body: Record<string, unknown>) => w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, payload: body, remoteAddress: `198.51.100.${Math.floor(Math.random() * 200)}` });

    // A guest without an address is told, and nothing is stored.
    const missing = await api({ body: "Mine.", authorName: "Ana", notify: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: "notifyEmail" });
    expect(await w.deps.comments.listThreadComments(post.threadId)).toHaveLength(0);

    const first = await api({ body: "Mine.", authorName: "Ana", notify: true, notifyEmail: "ana@example.test" });
    expect(first.statusCode).toBe(201);
    const parentId = first.json().comment.id as number;
    await w.deps.outboxWorker.runOnce();
    const [confirm] = await sink.waitFor(1);
    expect(to(confirm!)).toBe("ana@example.test");
    expect(confirm!.subject).toBe("Confirm your reply notifications from Test Gazette");
    // Before confirming, a reply notifies no one.
    await api({ body: "Too early.", parentId, authorName: "Ben" });
    await w.deps.outboxWorker.runOnce();
    const link = linkIn(confirm!, "http://127.0.0.1:3000/subscriptions/confirm?token=");
    const page = await w.app.inject({ url: pathOf(link) });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const confirmed = await w.app.inject({
      method: "POST",
      url: "/subscriptions/confirm",
      headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      cookies: Object.fromEntries(page.cookies.map((c) => [c.name, c.value])),
      payload: new URLSearchParams({ _csrf: csrf, token: new URL(link).searchParams.get("token")! }).toString(),
    });
    expect(confirmed.body).toContain("Notifications confirmed");

    const reply = await api({ body: "I **disagree** <script>x</script>", parentId, authorName: "Ben" });
    expect(reply.statusCode).toBe(201);
    await w.deps.outboxWorker.runOnce();
    const mails = await sink.waitFor(2);
    const note = mails[1]!;
    expect(to(note)).toBe("ana@example.test");
    expect(note.subject).toBe("New reply to your comment on “Harbour wall <vote>”");
    expect(note.text).toContain("Ben replied (#1.2):");
    expect(note.html).toContain("<strong>disagree</strong>");
    expect(note.html).not.toContain("<script>");
    expect(note.text).toContain("http://127.0.0.1:3000/posts/harbour-wall#c-1-2");
    const header = (key: string) => note.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "").replace(/\s+/g, "") ?? "";
    const unsubscribe = header("list-unsubscribe").replace(/^<|>$/g, "");
    expect(unsubscribe).toMatch(/^http:\/\/127\.0\.0\.1:3000\/unsubscribe\?s=\d+&k=/);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");

    // A reply removed before the worker runs is never announced.
    const gone = await api({ body: "Regret this.", parentId, authorName: "Ben" });
    await removeComment(w.deps, { commentId: gone.json().comment.id, editToken: gone.json().editToken });
    // A held reply is announced when approved, once.
    await w.store.db.updateTable("threads").set({ mode: "moderated" }).where("id", "=", post.threadId).execute();
    const held = await api({ body: "Held for review.", parentId, authorName: "Cy" });
    expect(held.json().comment.status).toBe("pending");
    await w.deps.outboxWorker.runOnce();
    expect(sink.received).toHaveLength(2);
    const moderator = (await signedIn(w, "moderator")).user;
    await moderateComment(w.deps, { actor: moderator, commentId: held.json().comment.id, threadId: post.threadId, action: "approve", reason: "" });
    await w.deps.outboxWorker.runOnce();
    expect((await sink.waitFor(3))[2]!.text).toContain("Cy replied (#1.4):");
    // Removed and approved again: still one mail for it.
    await moderateComment(w.deps, { actor: moderator, commentId: held.json().comment.id, threadId: post.threadId, action: "remove", reason: "" });
    await moderateComment(w.deps, { actor: moderator, commentId: held.json().comment.id, threadId: post.threadId, action: "restore", reason: "" });
    await w.deps.outboxWorker.runOnce();
    const rows = await w.deps.outbox.listRecent(20);
    expect(rows.filter((r) => r.kind === "reply").map((r) => r.status).sort()).toEqual(["cancelled", "sent", "sent"]);

    // One click from the mail client: no Origin, no cookie, the body RFC 8058 names.
    const click = await w.app.inject({ method: "POST", url: pathOf(unsubscribe), headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "List-Unsubscribe=One-Click" });
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain("no more e-mails");
    const forged = await w.app.inject({ method: "POST", url: pathOf(unsubscribe).replace(/k=[^&]+/, "k=forged"), payload: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(forged.statusCode).toBe(404);
    await api({ body: "After unsubscribing.", parentId, authorName: "Ben" });
    await w.deps.outboxWorker.runOnce();
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received).toHaveLength(3);
  });

  it.each(dialects())("a verified reader needs no confirmation and is not told of their own replies (%s)", async (dialect) => {
    const { w, sink } = await openMailWorld({ dialect });
    const post = await w.makePost({ slug: "ferry" });
    const reader = await signedIn(w, "commenter");
    const mine = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { body: "Signed in.", notify: true } });
    expect(mine.statusCode).toBe(201);
    const id = mine.json().comment.id as number;
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, cookies: reader.cookies, payload: { body: "Replying to myself.", parentId: id } });
    await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments`, headers: SAME_ORIGIN, payload: { body: "Someone else.", parentId: id, authorName: "Dee" }, remoteAddress: "203.0.113.7" });
    await w.deps.outboxWorker.runOnce();
    const mails = await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(mails).toHaveLength(1);
    expect(to(mails[0]!)).toBe(reader.user.email);
    expect(mails[0]!.text).toContain("Dee replied (#1.2):");
  });

  it("follows a whole discussion from the page: confirmed once, then a mail for each new comment", async () => {
    const { w, sink } = await openMailWorld();
    const post = await w.makePost({ title: "Tides", slug: "tides" });
    expect((await w.app.inject({ url: "/posts/tides" })).body).toContain(`action="/threads/${post.threadId}/follow"`);
    const follow = (email: string) => w.app.inject({ method: "POST", url: `/threads/${post.threadId}/follow`, headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams({ email }).toString() });
    expect((await follow("not an address")).statusCode).toBe(400);
    expect((await follow("fan@example.test")).body).toContain("Check your inbox");
    const confirm = await (async () => {
      await w.deps.outboxWorker.runOnce();
      return (await sink.waitFor(1))[0]!;
    })();
    const link = linkIn(confirm, "http://127.0.0.1:3000/subscriptions/confirm?token=");
    await w.deps.subscriptions.confirmByToken(w.deps.hasher.sha256(new URL(link).searchParams.get("token")!), w.clock.now());
    await w.makeComment(post, { body: "A new top-level comment.", authorName: "Gus" });
    await w.deps.outboxWorker.runOnce();
    const [, news] = await sink.waitFor(2);
    expect(news!.subject).toBe("New comment on “Tides”");
    expect(news!.text).toContain("Gus commented (#1):");
    // From another site, refused like every write.
    expect((await w.app.inject({ method: "POST", url: `/threads/${post.threadId}/follow`, headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, payload: "email=x%40example.test" })).statusCode).toBe(403);
  });
});
