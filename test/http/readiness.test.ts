import { spawn } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";
import { dialects } from "../helpers/world.js";
import { freePort } from "../helpers/ports.js";
import { startServerProcess } from "../helpers/server-process.js";

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

describe("/readyz when Redis goes away", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("names Redis, not the database, serves pages and stays alive meanwhile, and is ready again when Redis is back", async () => {
    const redisPort = await freePort();
    const startRedis = () => spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    let redis = startRedis();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-ready-"));
    dirs.push(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const ask = async () => {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; problems?: string[] } };
    };
    const until = async (want: number) => {
      for (let i = 0; i < 100; i++) {
        const r = await ask();
        if (r.status === want) return r;
        await new Promise((done) => setTimeout(done, 100));
      }
      return ask();
    };
    await new Promise((r) => setTimeout(r, 200)); // redis-server binds its port
    const server = startServerProcess({ BROADSHEET_DATA_DIR: dataDir, PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    try {
      await server.ready;
      expect((await until(200)).body).toEqual({ status: "ready" });
      redis.kill("SIGKILL");
      const away = await until(503);
      expect(away.status).toBe(503);
      expect(away.body.problems).toContain("Redis unreachable");
      expect(away.body.problems).not.toContain("database unreachable");
      expect((await fetch(`${base}/`)).status).toBe(200);
      // Alive all the same: restarting the node would not bring Redis back.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      redis = startRedis();
      expect((await until(200)).body).toEqual({ status: "ready" });
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      redis.kill("SIGKILL");
    }
  });
});
