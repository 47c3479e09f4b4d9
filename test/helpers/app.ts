import { buildApp } from "../../src/http/app.js";
import { makeWorld } from "./world.js";

export type AppWorld = Awaited<ReturnType<typeof makeAppWorld>>;

/** A world with the HTTP app built on it, for inject() tests. */
export async function makeAppWorld(options: Parameters<typeof makeWorld>[0] = {}) {
  const world = await makeWorld(options);
  const { app, pageCache } = await buildApp(world.deps);
  await app.ready();
  return {
    ...world,
    app,
    pageCache,
    async cleanup() {
      await app.close();
      await world.cleanup();
    },
  };
}

/** The Origin header a browser sends with a form from our own pages. */
export const SAME_ORIGIN = { origin: "http://127.0.0.1:3000" };
