import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";

describe.each(dialects())("/readyz on %s", (dialect) => {
  let w: AppWorld | undefined;
  afterEach(async () => w?.cleanup());

  it("is ready when the database answers and events can arrive; names what is wrong otherwise", async () => {
    w = await makeAppWorld({ dialect });
    expect((await w.app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready" });
    if (dialect === "postgres") {
      // The node stops hearing other nodes: it must leave the load balancer's rotation.
      await w.deps.events.close();
      const res = await w.app.inject({ url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: "not ready", problems: ["not receiving events from other nodes"] });
    }
  });

  it("answers 503 once the node has begun to shut down", async () => {
    let answer: { status: number; body: string } | undefined;
    let base = "";
    w = await makeAppWorld({
      dialect,
      // Ask over the network while the shutdown hooks run, as a load balancer's probe would.
      beforeReady: (app) =>
        app.addHook("preClose", async () => {
          const res = await fetch(`${base}/readyz`, { headers: { connection: "close" } });
          answer = { status: res.status, body: await res.text() };
        }),
    });
    await w.app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/readyz`, { headers: { connection: "close" } })).status).toBe(200);
    await w.app.close();
    expect(answer?.status).toBe(503);
  });
});
