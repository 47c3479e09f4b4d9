import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";
import { multipart } from "../helpers/multipart.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const PNG = fs.readFileSync("public/media/sea-wall.png"); // 1200 × 675

async function editorWorld(role: "editor" | "commenter" = "editor") {
  w = await makeAppWorld();
  const { cookies } = await signedIn(w, role);
  const csrf = await csrfFor(w, "/account", cookies);
  const upload = (bytes: Buffer, type = "image/png", accept = "application/json") => {
    const body = multipart({ _csrf: csrf.token }, { file: { name: "picture", type, bytes } });
    return w.app.inject({ method: "POST", url: "/editor/media", headers: { ...body.headers, ...SAME_ORIGIN, accept }, payload: body.payload, cookies: csrf.cookies });
  };
  const save = (fields: Record<string, string>) => {
    const body = multipart({ _csrf: csrf.token, publish: "now", action: "save", ...fields });
    return w.app.inject({ method: "POST", url: "/editor/posts", headers: { ...body.headers, ...SAME_ORIGIN }, payload: body.payload, cookies: csrf.cookies });
  };
  return { upload, save, get: (url: string) => w.app.inject({ url, cookies }) };
}

describe("pictures inside a post's body", () => {
  it("are uploaded, re-encoded with smaller copies, reused from the library, and shown with srcset once described", async () => {
    const { upload, save, get } = await editorWorld();
    const res = await upload(PNG);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { url: string; width: number; height: number; markdown: string };
    expect(answer).toMatchObject({ width: 1200, height: 675 });
    expect(answer.markdown).toBe(`![Describe the picture](${answer.url})`);
    const hash = /^\/media\/([0-9a-f]{32})\.png$/.exec(answer.url)![1];
    const dir = path.join(w.config.dataDir, "media");
    expect(fs.existsSync(path.join(dir, `${hash}-w480.png`))).toBe(true);
    expect(fs.existsSync(path.join(dir, `${hash}-w960.png`))).toBe(true);
    expect(fs.existsSync(path.join(dir, `${hash}-w1600.png`))).toBe(false); // never larger than the original
    const small = await w.app.inject({ url: `/media/${hash}-w480.png` });
    expect(small.statusCode).toBe(200);
    expect(small.headers["content-type"]).toBe("image/png");
    expect((await get("/editor/media")).body).toContain(`![Describe the picture](${answer.url})`);

    // Not saved without a description (nor with the placeholder); the text is kept.
    for (const alt of ["", "Describe the picture"]) {
      const refused = await save({ title: "Sea wall repaired", body: `The wall:\n\n![${alt}](${answer.url})` });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("Describe every picture for readers who cannot see it");
      expect(refused.body).toContain("Sea wall repaired");
    }
    expect(await w.deps.posts.listAllPosts(5)).toHaveLength(0);

    const saved = await save({ title: "Sea wall repaired", body: `The wall:\n\n![The repaired sea wall at low tide](${answer.url})` });
    expect(saved.statusCode).toBe(303);
    const page = (await w.app.inject({ url: "/posts/sea-wall-repaired" })).body;
    const img = /<img [^>]*>/.exec(page.slice(page.indexOf('class="post-body"')))?.[0] ?? "";
    expect(img).toContain(`src="${answer.url}"`);
    expect(img).toContain('alt="The repaired sea wall at low tide"');
    expect(img).toContain(`srcset="/media/${hash}-w480.png 480w, /media/${hash}-w960.png 960w, ${answer.url} 1200w"`);
    expect(img).toContain('width="1200"');
    expect(img).toContain('height="675"');
    expect(img).toContain('loading="lazy"');
  });

  it("refuses what is not a picture, answers the form without JavaScript, and is for editors only", async () => {
    const { upload } = await editorWorld();
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "image/svg+xml");
    expect(svg.statusCode).toBe(400);
    expect(svg.headers["content-type"]).toMatch(/problem\+json/);
    const form = await upload(PNG, "image/png", "text/html");
    expect(form.statusCode).toBe(303);
    expect(String(form.headers.location)).toMatch(/^\/editor\/media\?uploaded=%2Fmedia%2F[0-9a-f]{32}\.png$/);
    await w.cleanup();
    const reader = await editorWorld("commenter");
    expect((await reader.upload(PNG)).statusCode).toBe(403);
  });
});
