import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { MediaStore, StoredImage } from "../domain/media/upload-image.js";

const EXT = { jpeg: "jpg", png: "png", webp: "webp" } as const;
const ORIGINAL = /^\/media\/([0-9a-f]{32})\.(jpg|png|webp)$/;

/**
 * Images as files under the data folder, named by a hash of their bytes (uploading twice stores
 * once); smaller copies beside them (`<hash>-w480.png`), and a description (`<hash>.json`: size
 * and copies) that pages read to offer the copies with srcset.
 */
export function makeMediaStore(dataDir: string): MediaStore & { pathOf(name: string): string | undefined } {
  const dir = path.join(dataDir, "media");
  const write = async (name: string, bytes: Uint8Array | string) => {
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
    await fs.writeFile(tmp, bytes, { flag: "w" });
    await fs.rename(tmp, path.join(dir, name));
  };
  const describe = async (url: string): Promise<StoredImage | undefined> => {
    const m = ORIGINAL.exec(url);
    if (!m) return undefined;
    try {
      const d = JSON.parse(await fs.readFile(path.join(dir, `${m[1]}.json`), "utf8")) as { width: number; height: number; variants: number[] };
      return { url, width: d.width, height: d.height, variants: d.variants.map((width) => ({ url: `/media/${m[1]}-w${width}.${m[2]}`, width })) };
    } catch {
      return undefined; // uploaded before descriptions were kept, or not ours
    }
  };
  return {
    async saveImage(bytes, type) {
      const name = `${crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${EXT[type]}`;
      await write(name, bytes);
      return `/media/${name}`;
    },
    async saveVariants(url, image, variants) {
      const m = ORIGINAL.exec(url);
      if (!m) throw new Error(`not one of our pictures: ${url}`);
      for (const v of variants) await write(`${m[1]}-w${v.width}.${m[2]}`, v.bytes);
      await write(`${m[1]}.json`, JSON.stringify({ width: image.width, height: image.height, variants: variants.map((v) => v.width) }));
      return { url, width: image.width, height: image.height, variants: variants.map((v) => ({ url: `/media/${m[1]}-w${v.width}.${m[2]}`, width: v.width })) };
    },
    describe,
    async listImages(limit) {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch {
        return [];
      }
      const originals = await Promise.all(
        names.filter((n) => /^[0-9a-f]{32}\.(jpg|png|webp)$/.test(n)).map(async (n) => ({ n, at: (await fs.stat(path.join(dir, n))).mtimeMs })),
      );
      originals.sort((a, b) => b.at - a.at);
      const out: StoredImage[] = [];
      for (const { n } of originals.slice(0, limit)) out.push((await describe(`/media/${n}`)) ?? { url: `/media/${n}`, width: 0, height: 0, variants: [] });
      return out;
    },
    /** The file for a public name, or undefined when the name is not one we could have made. */
    pathOf(name) {
      return /^[0-9a-f]{32}(-w\d{3,4})?\.(jpg|png|webp)$/.test(name) ? path.join(dir, name) : undefined;
    },
  };
}
