// Draws the sample post's lead image (a sea wall under a storm sky) as a PNG, so the repository
// ships an image of its own. Run: npx tsx scripts/make-sample-image.ts
import fs from "node:fs";
import zlib from "node:zlib";

const W = 1200;
const H = 675;
const px = Buffer.alloc((W * 3 + 1) * H);
const noise = (x: number, y: number) => {
  const s = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
  return s - Math.floor(s);
};
for (let y = 0; y < H; y++) {
  px[y * (W * 3 + 1)] = 0;
  for (let x = 0; x < W; x++) {
    let r: number, g: number, b: number;
    const horizon = 330 + 8 * Math.sin(x / 90);
    const wallTop = 470 - x * 0.12;
    if (y < horizon) {
      const t = y / horizon;
      const cloud = 0.5 + 0.5 * Math.sin(x / 70 + Math.sin(y / 23) * 2) * Math.cos(y / 41);
      r = 70 + 90 * t + 30 * cloud;
      g = 80 + 95 * t + 30 * cloud;
      b = 100 + 90 * t + 25 * cloud;
    } else if (y < wallTop) {
      const wave = Math.sin(x / 17 + y / 5) * Math.sin(y / 3 + x / 40);
      const foam = wave > 0.85 ? 90 : 0;
      r = 30 + foam + 20 * noise(x, y);
      g = 60 + foam + 25 * noise(x, y);
      b = 80 + foam + 20 * noise(x, y);
    } else {
      const brick = (Math.floor(x / 60 + (Math.floor(y / 22) % 2) * 0.5) + Math.floor(y / 22)) % 2;
      const shade = 75 + brick * 12 + 25 * noise(x, y) - (y - wallTop) * 0.08;
      r = shade + 10;
      g = shade + 5;
      b = shade;
    }
    const o = y * (W * 3 + 1) + 1 + x * 3;
    px[o] = Math.max(0, Math.min(255, r));
    px[o + 1] = Math.max(0, Math.min(255, g));
    px[o + 2] = Math.max(0, Math.min(255, b));
  }
}
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0);
ihdr.writeUInt32BE(H, 4);
ihdr[8] = 8;
ihdr[9] = 2;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", zlib.deflateSync(px, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
fs.writeFileSync("public/media/sea-wall.png", png);
console.log(`wrote public/media/sea-wall.png (${png.length} bytes)`);
