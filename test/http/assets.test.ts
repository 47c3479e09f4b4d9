import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

describe("built assets", () => {
  it("pages ask for content-hashed files, served immutable for a year; pictures stay as they were", async () => {
    w = await makeAppWorld();
    const post = await w.makePost();
    const page = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    const css = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{8}\.css)"/.exec(page)?.[1];
    const script = /<script type="module" src="(\/assets\/thread\.[A-Z0-9]{8}\.js)"/.exec(page)?.[1];
    expect(css).toBeDefined();
    expect(script).toBeDefined();
    const cssRes = await w.app.inject({ url: css! });
    expect(cssRes.statusCode).toBe(200);
    expect(cssRes.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // The stylesheet as built: minified, so smaller than its source, with the same rules.
    const source = fs.readFileSync("public/site.css", "utf8");
    expect(cssRes.body.length).toBeLessThan(source.length * 0.9);
    expect(cssRes.body).toContain("--accent: #8a1c1c");
    expect(cssRes.body).toContain(".comment-head .number{");
    const jsRes = await w.app.inject({ url: script! });
    expect(jsRes.headers["content-type"]).toMatch(/javascript/);
    expect(jsRes.headers["cache-control"]).toContain("immutable");
    // A picture is not hashed: cached for an hour, not forever.
    const picture = await w.app.inject({ url: "/assets/media/sea-wall.png" });
    expect(picture.statusCode).toBe(200);
    expect(picture.headers["cache-control"]).toBe("public, max-age=3600");
    expect((await w.app.inject({ url: "/assets/manifest.json" })).statusCode).toBe(404);
  });
});
