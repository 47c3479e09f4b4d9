import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.js";
import { makeWorld, type World } from "../helpers/world.js";
import { openStream } from "../helpers/sse.js";
import { freePort } from "../helpers/ports.js";

function hasNginx(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v nginx"]);
    return true;
  } catch {
    return false;
  }
}
const NGINX = hasNginx();
if (!NGINX) console.warn("\n*** Reverse-proxy tests SKIPPED: nginx is missing (apt-get install -y nginx-light; CI installs it) ***\n");

/**
 * The nginx configuration from docs/deploying.md, as written there, with only the listening port
 * and the upstream port changed (and TLS dropped): the test proves the documented setup works.
 */
function documentedConfig(appPort: number, nginxPort: number, dir: string): string {
  const doc = fs.readFileSync(path.join(import.meta.dirname, "../../docs/deploying.md"), "utf8");
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/deploying.md has no nginx block");
  const site = block
    .replace("listen 443 ssl;", `listen 127.0.0.1:${nginxPort};`)
    .replace(/^\s*ssl_certificate(_key)?\s.*$/gm, "")
    .replaceAll("127.0.0.1:3000", `127.0.0.1:${appPort}`);
  return `daemon off;
master_process off;
worker_processes 1;
error_log ${dir}/error.log;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`;
}

describe.skipIf(!NGINX)("behind nginx, configured as docs/deploying.md says", () => {
  let world: World;
  let nginx: ChildProcess;
  let closeApp: () => Promise<void>;
  let base = "";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-nginx-"));

  beforeAll(async () => {
    world = await makeWorld({ env: { BROADSHEET_TRUSTED_PROXIES: "127.0.0.1" } });
    const { app } = await buildApp(world.deps, { liveHeartbeatMs: 200 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    closeApp = () => app.close();
    const nginxPort = await freePort();
    fs.writeFileSync(path.join(dir, "nginx.conf"), documentedConfig((app.server.address() as AddressInfo).port, nginxPort, dir));
    nginx = spawn("nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir], { stdio: "ignore" });
    base = `http://127.0.0.1:${nginxPort}`;
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${base}/healthz`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`nginx did not start: ${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}`);
  }, 30_000);

  afterAll(async () => {
    nginx?.kill("SIGTERM");
    await closeApp?.();
    await world?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lets a 5 MB lead image through to the editor (nginx's own 1 MB default would refuse it with 413)", async () => {
    const body = Buffer.alloc(5 * 1024 * 1024 + 4096, 0x61);
    const res = await fetch(`${base}/editor/posts`, { method: "POST", headers: { origin: "http://127.0.0.1:3000", "content-type": "multipart/form-data; boundary=x" }, body });
    // Broadsheet answers (the editor must sign in first), not the proxy.
    expect(res.status).not.toBe(413);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("streams live comments and heartbeats through the proxy without buffering them", async () => {
    const post = await world.makePost();
    const version = (await world.deps.threads.findThread(post.threadId))!.version;
    const stream = await openStream(`${base}/api/v1/threads/${post.threadId}/events?since=${version}`);
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(stream.heartbeats()).toBeGreaterThanOrEqual(2);
      const posted = await fetch(`${base}/api/v1/threads/${post.threadId}/comments`, {
        method: "POST",
        headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" },
        body: JSON.stringify({ body: "Through the proxy, at once" }),
      });
      expect(posted.status).toBe(201);
      // A buffering proxy would hold the event until the stream ends: arriving while it is open is the proof.
      expect(JSON.parse((await stream.next("comment", 5000)).data).bodyHtml).toBe("<p>Through the proxy, at once</p>");
    } finally {
      await stream.close();
    }
  });

  it("carries nginx's request id into ours, and refuses a flood at the proxy before it reaches us", async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, believed from a trusted proxy
    const post = await world.makePost();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${base}/api/v1/threads/${post.threadId}/comments`, { method: "POST", headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, body: JSON.stringify({ body: `Flood ${i}` }) }).then((r) => r.status),
      ),
    );
    // burst=10 nodelay at 30 a minute: about ten pass, the rest are refused by nginx (503), never by us.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
  });
});
