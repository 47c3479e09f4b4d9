import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { inspectImage } from "../../src/domain/media/inspect-image.js";

const png = fs.readFileSync("public/media/sea-wall.png");
// A minimal baseline JPEG header: SOI, APP0 (JFIF), SOF0 with 640×480.
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
const webpLossless = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0, 0, 0, 0]), Buffer.from("WEBPVP8L"), Buffer.from([0, 0, 0, 0, 0x2f, 0x63, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0])]);

describe("recognising images by their bytes", () => {
  it("reads PNG, JPEG and WebP dimensions", () => {
    expect(inspectImage(png)).toEqual({ type: "png", width: 1200, height: 675 });
    expect(inspectImage(jpeg)).toEqual({ type: "jpeg", width: 640, height: 480 });
    expect(inspectImage(webpLossless)).toEqual({ type: "webp", width: 100, height: 1 });
  });

  it.each([
    ["an SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')],
    ["an HTML page", Buffer.from("<!doctype html><script>alert(1)</script>")],
    ["a truncated PNG", png.subarray(0, 20)],
    ["a JPEG without a frame", jpeg.subarray(0, 20)],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s", (_name, bytes) => {
    expect(inspectImage(bytes)).toBeUndefined();
  });
});
