import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

describe("featured comments", () => {
  it.each(dialects())("an editor features a comment from the queue: it shows at the top with a mark and keeps its place; audited; moderators may not (%s)", async (dialect) => {
    w = await makeAppWorld({ dialect });
    const post = await w.makePost({ slug: "picks" });
    const first = (await w.makeComment(post, { body: "An ordinary first comment." })).comment!;
    const pick = (await w.makeComment(post, { body: "The one <b>worth</b> reading.", authorName: "Careful Reader" })).comment!;
    const reply = (await w.makeComment(post, { body: "A reply worth reading too.", parentId: first.id })).comment!;
    const before = (await w.app.inject({ url: "/posts/picks" })).body;
    expect(before).not.toContain("featured-comments");

    const act = async (role: "editor" | "moderator", action: string, ref: { id: number }) => {
      const who = await signedIn(w!, role);
      const { token, cookies } = await csrfFor(w!, "/moderation?tab=all", who.cookies);
      return w!.app.inject({ method: "POST", url: "/moderation/act?tab=all", headers: { ...SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, cookies, payload: new URLSearchParams({ _csrf: token, do: `${action}:${post.threadId}:${ref.id}`, reason: "Editor's pick" }).toString() });
    };
    const refused = await act("moderator", "feature", pick);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Only editors can feature comments.");

    expect((await act("editor", "feature", pick)).statusCode).toBe(303);
    expect((await act("editor", "feature", reply)).statusCode).toBe(303);
    // The cached page was dropped: the picks are above the thread, in reading order, linked to their places.
    const page = (await w.app.inject({ url: "/posts/picks" })).body;
    const featured = /<section class="featured-comments"[\s\S]*?<\/section>/.exec(page)?.[0] ?? "";
    expect([...featured.matchAll(/<span class="number">([\d.]+)\.<\/span>/g)].map((m) => m[1])).toEqual(["1.1", "2"]);
    expect(featured).toContain('href="#c-2"');
    expect(featured).toContain("<bdi class=\"author\">Careful Reader</bdi>");
    // In the thread, each keeps its number and gets the mark.
    expect(page).toMatch(/<li class="comment featured" id="c-2"[\s\S]*?<span class="number">2\.<\/span>[\s\S]*?★ Featured/);
    expect(page.indexOf('id="c-1"')).toBeLessThan(page.indexOf('id="c-2"'));
    // The JSON API says so; the audit log has it.
    const json = (await w.app.inject({ url: `/api/v1/threads/${post.threadId}/comments` })).json();
    expect(json.comments.map((c: { featured: boolean }) => c.featured)).toEqual([false, true]);
    expect(json.comments[0].replies[0].featured).toBe(true);
    const log = await w.deps.moderation.listLog({ limit: 10 });
    expect(log.filter((e) => e.action === "feature").map((e) => e.commentId).sort()).toEqual([pick.id, reply.id].sort());
    expect(log.find((e) => e.commentId === pick.id)?.reason).toBe("Editor's pick");

    // Featuring twice is refused; removing the comment takes it off the top; unfeaturing works.
    expect((await act("editor", "feature", pick)).statusCode).toBe(409);
    expect((await act("editor", "unfeature", pick)).statusCode).toBe(303);
    expect((await act("editor", "remove", reply)).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/posts/picks" })).body).not.toContain("featured-comments");

    // The API takes the same action, for editors only.
    const editor = await signedIn(w, "editor");
    const api = await w.app.inject({ method: "POST", url: `/api/v1/threads/${post.threadId}/comments/${first.id}/moderation`, headers: SAME_ORIGIN, cookies: editor.cookies, payload: { action: "feature" } });
    expect(api.statusCode).toBe(200);
    expect((await w.deps.comments.findComment(first.id))?.featuredAt).not.toBeNull();
  });
});
