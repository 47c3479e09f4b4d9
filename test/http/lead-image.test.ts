import fs from "node:fs";
import sharp from "sharp";
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

/** A JPEG carrying an EXIF GPS position, as phones write them. */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366aa" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneCo", Model: "Snapper 9" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" } })
    .toBuffer();
}

async function storedImage(): Promise<Buffer> {
  const url = (await w.deps.posts.listAllPosts(1))[0]?.post.leadImage?.url ?? "";
  return (await w.app.inject({ url })).rawPayload;
}

describe("uploading a lead image", () => {
  it("keeps only the picture: an HTML document appended to a PNG is gone", async () => {
    w = await makeAppWorld();
    const polyglot = Buffer.concat([PNG, Buffer.from("<html><script>alert(document.domain)</script></html>")]);
    expect((await upload("wall.png", "image/png", polyglot)).statusCode).toBe(303);
    const stored = await storedImage();
    expect(stored.includes("<script>")).toBe(false);
    expect((await sharp(stored).metadata()).format).toBe("png");
  });

  it("strips EXIF, GPS position included", async () => {
    w = await makeAppWorld();
    const photo = await jpegWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect((await upload("photo.jpg", "image/jpeg", photo)).statusCode).toBe(303);
    const stored = await storedImage();
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(["jpeg", 64, 48, undefined]);
    expect(stored.includes("PhoneCo")).toBe(false);
  });


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
    // What is served is the picture re-encoded: same size, decodable, nothing else.
    const served = await sharp(img.rawPayload).metadata();
    const original = await sharp(PNG).metadata();
    expect([served.format, served.width, served.height]).toEqual(["png", original.width, original.height]);
    expect((await w.app.inject({ url: "/media/../../etc/passwd" })).statusCode).toBe(404);
  });

  it.each([
    ["an SVG", "pic.svg", "image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["HTML renamed .jpg", "pic.jpg", "image/jpeg", Buffer.from("<html><script>alert(1)</script></html>")],
    ["an oversize file", "big.png", "image/png", Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])],
    ["a PNG signature over garbage", "fake.png", "image/png", Buffer.concat([PNG.subarray(0, 33), Buffer.alloc(200, 7)])],
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
