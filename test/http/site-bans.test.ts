import { afterEach, describe, expect, it } from "vitest";
import { addSite } from "../../src/domain/sites/manage-sites.js";
import { makeAppWorld, SAME_ORIGIN, signedIn, submitForm, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

/** A ban can hold on one site of the installation only, or on every site (the default). */
describe("bans per site", () => {
  it("keep an author out of the site they were banned on and nowhere else; listed, filtered and logged per site", async () => {
    w = await makeAppWorld();
    const { site } = await addSite(w.deps, { name: "Tide Watch", origins: ["https://tides.example"] });
    const frame = await w.app.inject({ url: `/embed/thread?${new URLSearchParams({ site: site.publicKey, url: "https://tides.example/story", host: "https://tides.example" }).toString()}` });
    const embedded = Number(/data-thread-id="(\d+)"/.exec(frame.body)?.[1]);
    const post = await w.makePost();
    const comment = (threadId: number, body: string) =>
      w.app.inject({ method: "POST", url: `/api/v1/threads/${threadId}/comments`, headers: SAME_ORIGIN, payload: { body }, remoteAddress: "198.51.100.23" });
    const first = await comment(embedded, "Rude words on the embedded site");
    expect(first.statusCode).toBe(201);
    const commentId = (first.json() as { comment: { id: number } }).comment.id;

    const mod = await signedIn(w, "moderator");
    const act = await submitForm(w, "/moderation", "/moderation/act", { do: `ban:${embedded}:${commentId}`, duration: "7d", scope: "site" }, mod.cookies);
    expect(act.statusCode, act.body.slice(0, 200)).toBe(303);

    const refused = await comment(embedded, "Back again");
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "banned" });
    expect((await comment(post.threadId, "A civil word on the blog")).statusCode).toBe(201);

    const [ban] = await w.deps.moderation.listBans(w.clock.now());
    expect(ban).toMatchObject({ kind: "network", siteId: site.id });
    expect(await w.deps.moderation.listBans(w.clock.now(), 1)).toEqual([]);
    const onTides = await w.app.inject({ url: `/moderation/bans?site=${site.id}`, cookies: mod.cookies });
    expect(onTides.body).toContain("<td data-label=\"Where\">Tide Watch</td>");
    expect((await w.app.inject({ url: "/moderation/bans?site=1", cookies: mod.cookies })).body).toContain("No bans in force.");
    const [entry] = await w.deps.moderation.listLog({ limit: 1, siteId: site.id });
    expect(entry).toMatchObject({ action: "ban" });
    expect(entry?.detail).toContain("on site");
    expect(await w.deps.moderation.listLog({ limit: 5, siteId: 1 })).not.toContainEqual(expect.objectContaining({ action: "ban" }));

    // A domain ban of one site from the bans page; an unknown site is refused, nothing stored.
    const domain = await submitForm(w, "/moderation/bans", "/moderation/bans", { domain: "spam.example", duration: "7d", site: String(site.id) }, mod.cookies);
    expect(domain.statusCode).toBe(200);
    expect((await w.deps.moderation.listBans(w.clock.now(), site.id)).map((b) => [b.kind, b.siteId])).toContainEqual(["email_domain", site.id]);
    const unknown = await submitForm(w, "/moderation/bans", "/moderation/bans", { domain: "other.example", duration: "7d", site: "999" }, mod.cookies);
    expect(unknown.statusCode).toBe(404);
    expect((await w.deps.moderation.listBans(w.clock.now())).map((b) => b.value)).not.toContain("other.example");

    // The default holds everywhere.
    const second = await comment(post.threadId, "Now rude on the blog too");
    const everywhere = await submitForm(w, "/moderation", "/moderation/act", { do: `ban:${post.threadId}:${(second.json() as { comment: { id: number } }).comment.id}`, duration: "1d" }, mod.cookies);
    expect(everywhere.statusCode).toBe(303);
    expect((await comment(post.threadId, "And again")).statusCode).toBe(403);
  });
});
