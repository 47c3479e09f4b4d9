import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.js";
import { logOptions } from "../../src/http/log-options.js";
import { makeWorld, type World } from "../helpers/world.js";

/** The app as main.ts builds it, its JSON log lines captured. */
async function loggedApp(env: Record<string, string> = {}) {
  const world = await makeWorld({ env });
  const lines: string[] = [];
  const { app } = await buildApp(world.deps, { logger: logOptions("info", { write: (l: string) => lines.push(l) }) });
  await app.ready();
  return { world, app, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("request ids and log lines", () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup) await c();
    cleanup = [];
  });
  const start = async (env: Record<string, string> = {}) => {
    const l = await loggedApp(env);
    cleanup.push(async () => {
      await l.app.close();
      await (l.world as World).cleanup();
    });
    return l;
  };

  it("gives every answer an id, and one JSON line with it: path without the query, status, time, no credentials", async () => {
    const { app, parsed, lines } = await start();
    const res = await app.inject({ url: "/search?q=reset-token-abc123", headers: { cookie: "bs_session=s3cr3t-session", authorization: "Bearer tok-999" } });
    const missing = await app.inject({ url: "/api/v1/posts/no-such-post" });
    const id = res.headers["x-request-id"] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers["x-request-id"]).not.toBe(id);
    const line = parsed().find((l) => l.reqId === id && l.msg === "request");
    expect(line).toMatchObject({ method: "GET", path: "/search", status: 200, level: 30 });
    expect(typeof line?.ms).toBe("number");
    expect(parsed().find((l) => l.reqId === missing.headers["x-request-id"] && l.msg === "request")).toMatchObject({ status: 404 });
    const all = lines.join("");
    for (const secret of ["reset-token-abc123", "s3cr3t-session", "tok-999"]) expect(all).not.toContain(secret);
  });

  it("takes X-Request-Id from a trusted proxy only (anyone else could forge log ids)", async () => {
    const direct = await start();
    const forged = await direct.app.inject({ url: "/", headers: { "x-request-id": "forged-id-1" } });
    expect(forged.headers["x-request-id"]).not.toBe("forged-id-1");

    const proxied = await start({ BROADSHEET_TRUSTED_PROXIES: "127.0.0.1" });
    const fromProxy = await proxied.app.inject({ url: "/", headers: { "x-request-id": "nginx-7f3a9c" } });
    expect(fromProxy.headers["x-request-id"]).toBe("nginx-7f3a9c");
    expect(proxied.parsed().some((l) => l.reqId === "nginx-7f3a9c" && l.msg === "request")).toBe(true);
    // A header that is not a plain token is replaced, whoever sends it.
    const odd = await proxied.app.inject({ url: "/", headers: { "x-request-id": 'a"b\nc' } });
    expect(odd.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
