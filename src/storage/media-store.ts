import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { MediaStore } from "../domain/media/upload-image.js";

const EXT = { jpeg: "jpg", png: "png", webp: "webp" } as const;

/** Images as files under the data folder, named by a hash of their bytes (uploading twice stores once). */
export function makeMediaStore(dataDir: string): MediaStore & { pathOf(name: string): string | undefined } {
  const dir = path.join(dataDir, "media");
  return {
    async saveImage(bytes, type) {
      const name = `${crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${EXT[type]}`;
      await fs.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
      await fs.writeFile(tmp, bytes, { flag: "w" });
      await fs.rename(tmp, path.join(dir, name));
      return `/media/${name}`;
    },
    /** The file for a public name, or undefined when the name is not one we could have made. */
    pathOf(name) {
      return /^[0-9a-f]{32}\.(jpg|png|webp)$/.test(name) ? path.join(dir, name) : undefined;
    },
  };
}
