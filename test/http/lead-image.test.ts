import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";
import { multipart } from "../helpers/multipart.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());
const PNG = fs.readFileSync("public/media/sea-wall.png");

async function upload(name: string, type: string, bytes: Buffer) {
  const editor = (await signedIn(w, "editor")).cookies;
  const csrf = await csrfFor(w, "/editor/posts/new", editor);
  const body = multipart({ _csrf: csrf.token, title: "With a picture", body: "Words.", publish: "now", action: "save", leadImageCaption: "The wall" }, { leadImageFile: { name, type, bytes } });
  return w.app.inject({ method: "POST", url: "/editor/posts", headers: { ...body.headers, ...SAME_ORIGIN }, payload: body.payload, cookies: csrf.cookies });
}

describe("uploading a lead image", () => {
  it("stores a real image under a content name and serves it as an image only", async () => {
    w = await makeAppWorld();
    const res = await upload("wall.png", "image/png", PNG);
    expect(res.statusCode).toBe(303);
    const post = (await w.deps.posts.listAllPosts(1))[0]?.post;
    expect(post?.leadImage?.url).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect(post?.leadImage?.caption).toBe("The wall");
    const img = await w.app.inject({ url: post?.leadImage?.url ?? "" });
    expect(img.statusCode).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.headers["x-content-type-options"]).toBe("nosniff");
    expect(img.headers["content-security-policy"]).toContain("sandbox");
    expect(img.rawPayload.equals(PNG)).toBe(true);
    expect((await w.app.inject({ url: "/media/../../etc/passwd" })).statusCode).toBe(404);
  });

  it.each([
    ["an SVG", "pic.svg", "image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["HTML renamed .jpg", "pic.jpg", "image/jpeg", Buffer.from("<html><script>alert(1)</script></html>")],
    ["an oversize file", "big.png", "image/png", Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])],
  ])("refuses %s, keeping the form and storing nothing", async (_what, name, type, bytes) => {
    w = await makeAppWorld();
    const res = await upload(name, type, bytes);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/id="post-leadImageFile-error" role="alert">(Upload a JPEG, PNG or WebP image|Images can be at most 5 MB)/);
    expect(res.body).toContain('value="With a picture"');
    expect(await w.deps.posts.listAllPosts(5)).toHaveLength(0);
    expect(fs.existsSync(`${w.config.dataDir}/media`) ? fs.readdirSync(`${w.config.dataDir}/media`) : []).toEqual([]);
  });
});
