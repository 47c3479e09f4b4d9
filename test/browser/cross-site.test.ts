import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { startSession } from "../../src/domain/users/start-session.js";
import { newContext, startServer, useBrowser } from "../helpers/browser.js";

const browser = useBrowser();

/** Every route that changes state, read off the app's own route table: none can be forgotten. */
function writeRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  const stack: Array<{ depth: number; path: string }> = [];
  const out: Array<{ method: string; path: string }> = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^([│ ├└─]*)(\S.*) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? "").length;
    while (stack.length && (stack[stack.length - 1] as { depth: number }).depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.path ?? "";
    const segment = (m[2] as string).replace(/:(\w+)\|:\w+/g, ":$1");
    const path = parent === "/" ? `/${segment}` : `${parent}${segment}`;
    stack.push({ depth, path });
    for (const method of (m[3] as string).split(", ")) if (!["GET", "HEAD", "OPTIONS"].includes(method)) out.push({ method, path });
  }
  return out;
}

describe("writes from another site", () => {
  it("are refused on every state-changing route, even for a signed-in moderator, and change nothing", async () => {
    const server = await startServer();
    const evil = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>cat pictures</title>"));
    await new Promise<void>((r) => evil.listen(0, "127.0.0.2", r));
    const evilOrigin = `http://127.0.0.2:${(evil.address() as AddressInfo).port}`;
    try {
      const post = await server.makePost({ title: "Quiet harbour", slug: "quiet" });
      const { comment } = await server.makeComment(post, { body: "An innocent remark." });
      const moderator = await server.deps.users.insertUser({ email: "m@example.test", displayName: "Mo", role: "admin", passwordHash: "x", createdAt: server.clock.now() });
      const { token } = await startSession(server.deps, { userId: moderator.id });

      const routes = writeRoutes(server.app);
      expect(routes.length).toBeGreaterThan(20);
      const fill = (path: string) =>
        path
          .replace(/^\/api\/v1\/threads\/:id/, `/api/v1/threads/${post.threadId}`)
          .replace(":commentId", String(comment.id))
          .replace(/^\/editor\/posts\/:id/, `/editor/posts/${post.id}`)
          .replace(":slug", post.slug)
          .replace(":rev", "1")
          .replace(":id", String(comment.id));

      const ctx = await newContext(browser());
      await ctx.addCookies([{ name: "bs_session", value: token, url: server.url }]);
      const page = await ctx.newPage();
      // What our server answered, seen at its socket (the browser hides cross-origin answers from the page).
      const answers: Array<{ url: string; method: string; status: number }> = [];
      server.app.server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
        res.on("finish", () => answers.push({ url: req.url ?? "", method: req.method ?? "", status: res.statusCode }));
      });
      await page.goto(evilOrigin);
      const targets = routes.map((r) => ({ method: r.method, url: `${server.url}${fill(r.path)}` }));
      const fired = await page.evaluate(async (targets) => {
        let n = 0;
        for (const t of targets) {
          if (t.method === "POST") {
            // The simple requests a page may send anywhere without asking: form, text and multipart bodies, and a beacon.
            const bodies: BodyInit[] = [new URLSearchParams({ body: "csrf", reason: "abuse", action: "approve", on: "1", email: "x@example.test", password: "x" }), "{\"body\":\"csrf\",\"reason\":\"abuse\"}", (() => { const f = new FormData(); f.set("body", "csrf"); return f; })()];
            for (const body of bodies) {
              await fetch(t.url, { method: "POST", mode: "no-cors", credentials: "include", body }).catch(() => undefined);
              n++;
            }
            navigator.sendBeacon(t.url, "{\"reason\":\"spam\"}");
            n++;
          } else {
            // Anything else needs a preflight, which we never approve.
            await fetch(t.url, { method: t.method, credentials: "include", headers: { "content-type": "application/json", "x-edit-token": "guess" }, body: "{}" }).catch(() => undefined);
          }
        }
        // And a plain HTML form, as the oldest attack does it.
        const frame = document.createElement("iframe");
        frame.name = "sink";
        document.body.append(frame);
        const form = Object.assign(document.createElement("form"), { method: "post", action: targets.find((t) => t.url.endsWith("/posts/quiet/comments"))?.url ?? "", target: "sink" });
        form.append(Object.assign(document.createElement("input"), { name: "body", value: "csrf by form" }));
        document.body.append(form);
        form.submit();
        await new Promise((r) => {
          frame.addEventListener("load", r, { once: true });
          setTimeout(r, 3000);
        });
        return n + 1;
      }, targets);

      await expect.poll(() => answers.filter((a) => a.method === "POST").length, { timeout: 5000 }).toBe(fired);
      // One-click unsubscribe (RFC 8058) is posted by mail clients from nowhere, and a mailed "daily
      // digest instead" link from the mail's page: the signed link is their proof, so without one they
      // answer "no such link" (or refuse the body), and change nothing.
      const signedLink = (a: { url: string }) => a.url.startsWith("/unsubscribe") || a.url.startsWith("/subscriptions/digest");
      const posts = answers.filter((a) => a.method === "POST");
      expect(posts.filter((a) => !signedLink(a) && a.status !== 403), "every cross-site POST is refused").toEqual([]);
      expect(posts.filter((a) => signedLink(a) && a.status !== 404 && a.status !== 415)).toEqual([]);
      // The preflights got no approval, so the browser never sent the PATCH or DELETE itself.
      expect(answers.filter((a) => a.method === "PATCH" || a.method === "DELETE")).toEqual([]);

      // Nothing changed: no comment, no report, no view, no moderation.
      expect((await server.deps.comments.listThreadComments(post.threadId)).map((c) => [c.bodySource, c.status])).toEqual([["An innocent remark.", "published"]]);
      expect(await server.deps.moderation.queueCounts()).toMatchObject({ reported: 0, pending: 0 });
      await server.deps.views.flush();
      expect((await server.deps.threads.findThread(post.threadId))?.viewCount).toBe(0);

      // Our own page's beacon and script still get through.
      const own = await ctx.newPage();
      await own.goto(`${server.url}/posts/quiet`);
      await own.fill("#comment-form-body", "From our own page.");
      await own.click("#comment-form button[type=submit]");
      await own.waitForSelector("text=From our own page.");
      await ctx.close();
    } finally {
      evil.close();
      await server.cleanup();
    }
  });
});
