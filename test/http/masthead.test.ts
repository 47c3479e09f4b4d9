import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

describe("the masthead's account links", () => {
  it("are the sign-in links for readers (fast path and Fastify alike) and the viewer's own for staff, on the same cached page; no slot marker ever leaks", async () => {
    w = await makeAppWorld({ sampleContent: true });
    await w.app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    const post = (await w.deps.posts.listAllPosts(10))[0]!.post;
    const pages = ["/", `/posts/${post.slug}`, "/search?q=harbour", "/no-such-page", "/login"];

    for (const path of pages) {
      // Twice: the second is served from the cache (the fast path, for a reader without cookies).
      for (let i = 0; i < 2; i++) {
        const body = await (await fetch(`${base}${path}`)).text();
        expect(body, path).toContain('<nav class="masthead-account" aria-label="Account"><a href="/login">Sign in</a> <a href="/signup">Sign up</a></nav>');
        expect(body.includes("\u0000"), path).toBe(false);
      }
    }
    const editor = await signedIn(w, "editor");
    const moderator = await signedIn(w, "moderator");
    const pending = (await w.deps.moderation.queueCounts()).pending;
    for (const path of [...pages, "/editor", "/account"]) {
      const asEditor = await (await fetch(`${base}${path}`, { headers: { cookie: `bs_session=${editor.cookies.bs_session}` } })).text();
      expect(asEditor, path).toContain('<a href="/editor">Editor</a>');
      expect(asEditor, path).toContain(`Moderation <span class="count-badge">${pending}</span>`);
      expect(asEditor, path).toContain("<bdi>A editor</bdi>");
      expect(asEditor.includes("\u0000"), path).toBe(false);
      const asModerator = await (await fetch(`${base}${path}`, { headers: { cookie: `bs_session=${moderator.cookies.bs_session}` } })).text();
      expect(asModerator, path).not.toContain('<a href="/editor">Editor</a>');
      expect(asModerator, path).toContain("<bdi>A moderator</bdi>");
    }
    // Readers after staff: the cached page was not left with someone's links in it.
    expect(await (await fetch(`${base}/`)).text()).toContain('<a href="/login">Sign in</a>');
  });
});
