import { afterEach, describe, expect, it } from "vitest";
import { makeRememberedThreads } from "../../src/storage/remembered-threads.js";
import { makeWorld, type World } from "../helpers/world.js";

describe("threads remembered for decisions of access", () => {
  let world: World;
  afterEach(async () => world?.cleanup());

  const setMode = (threadId: number, mode: string) => world.store.db.updateTable("threads").set({ mode }).where("id", "=", threadId).execute();

  it("are read once, until forgotten or a few seconds old; a read begun before a forget is not kept", async () => {
    world = await makeWorld();
    const post = await world.makePost();
    const remembered = makeRememberedThreads(world.deps.threads, () => world.clock.now(), 5000);
    const mode = async () => (await remembered.findThreadWithPost(post.threadId))?.thread.mode;
    expect(await mode()).toBe("open");
    await setMode(post.threadId, "closed");
    expect(await mode()).toBe("open"); // remembered: the change came without its event
    remembered.forget();
    expect(await mode()).toBe("closed");
    await setMode(post.threadId, "hidden");
    world.clock.advance(5001);
    expect(await mode()).toBe("hidden"); // too old: read again

    // A read in flight when the thread changes (and is forgotten) must not be kept as current.
    await setMode(post.threadId, "open");
    world.clock.advance(5001);
    const inFlight = remembered.findThreadWithPost(post.threadId);
    remembered.forget();
    await inFlight;
    await setMode(post.threadId, "closed");
    expect(await mode()).toBe("closed");
  });
});
