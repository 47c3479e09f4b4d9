import { afterEach, describe, expect, it } from "vitest";
import { composeDeps } from "../../src/compose.js";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { addWatchWord } from "../../src/domain/moderation/manage-watch-words.js";
import { setPremoderateAll } from "../../src/domain/moderation/update-settings.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

describe.each(dialects().filter((d) => d === "postgres"))("a site's settings kept by each node on %s", (dialect) => {
  let world: World;
  let closeOther: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeOther?.();
    await world?.cleanup();
  });

  it("are read once, and a change on another node applies on this one as soon as its event arrives", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    // A second node: its own deps (cache, bus) on the same database.
    const other = await composeDeps(world.config, world.store, { clock: world.clock });
    closeOther = () => other.events.close();
    const admin = await world.makeUser("admin");
    const post1 = () => postComment(other, { threadId: post.threadId, body: `Posted on the other node ${Math.random()}`, clientAddress: "203.0.113.9" });
    const first = await post1();
    expect(first.comment.status, JSON.stringify(first.comment)).toBe("published");

    // The emergency switch, thrown on this node: the other node holds the next comment at once.
    await setPremoderateAll(world.deps, { actor: { id: admin.id, role: "admin" }, siteId: 1, on: true });
    const started = Date.now();
    let status = (await post1()).comment.status;
    while (status === "published" && Date.now() - started < 2000) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await post1()).comment.status;
    }
    // The fake clock never moves, so the other node's copy cannot have expired: only the event can have told it.
    expect(status).toBe("pending");
  });

  it("apply a word added on this node to the next comment on the other at once (Malay, Chinese, Arabic)", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const other = await composeDeps(world.config, world.store, { clock: world.clock });
    closeOther = () => other.events.close();
    const moderator = await world.makeUser("moderator");
    const onOther = async (body: string) => (await postComment(other, { threadId: post.threadId, body: `${body} ${Math.random()}`, clientAddress: "203.0.113.9" })).comment.status;
    expect(await onOther("kau bodoh")).toBe("published");
    for (const phrase of ["bodoh", "笨蛋", "غبي"]) await addWatchWord(world.deps, { actor: { id: moderator.id, role: "moderator" }, siteId: 1, phrase, action: "hold" });
    const started = Date.now();
    let status = await onOther("kau bodoh");
    while (status === "published" && Date.now() - started < 2000) {
      await new Promise((r) => setTimeout(r, 20));
      status = await onOther("kau bodoh");
    }
    expect(status).toBe("pending");
    expect(await onOther("你是笨蛋")).toBe("pending");
    expect(await onOther("انت غبي")).toBe("pending");
  });
});
