import type { ImageCodec } from "../domain/media/upload-image.js";

type Sharp = typeof import("sharp").default;
/**
 * libvips is loaded on the first upload, not at start: loaded, it holds some 18 MB of a server's
 * memory, and most servers go days without an upload.
 */
let loaded: Promise<Sharp> | undefined;
async function sharp(...args: Parameters<Sharp>): Promise<ReturnType<Sharp>> {
  loaded ??= import("sharp").then((m) => m.default);
  return (await loaded)(...args);
}

/** Largest image decoded, in pixels (a 20,000 × 20,000 "decompression bomb" is refused before decoding). */
const MAX_PIXELS = 50_000_000;

/**
 * Uploaded images decoded and encoded afresh with libvips: only pixels survive. Bytes after the
 * image (an HTML document appended to a PNG), EXIF (GPS positions included), comments and ICC
 * oddities are gone; the orientation EXIF asked for is applied to the pixels first.
 */
export function makeSharpImages(): ImageCodec {
  return {
    async reencode(bytes, type) {
      try {
        const image = (await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "error" })).rotate();
        const encoded = type === "jpeg" ? image.jpeg({ quality: 85, mozjpeg: true }) : type === "png" ? image.png({ compressionLevel: 9 }) : image.webp({ quality: 85 });
        const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
        return { bytes: new Uint8Array(data), width: info.width, height: info.height };
      } catch {
        return undefined; // not decodable as the image its signature claims
      }
    },
    async resize(bytes, type, width) {
      const image = (await sharp(bytes, { limitInputPixels: MAX_PIXELS })).resize({ width, withoutEnlargement: true });
      const encoded = type === "jpeg" ? image.jpeg({ quality: 82, mozjpeg: true }) : type === "png" ? image.png({ compressionLevel: 9 }) : image.webp({ quality: 82 });
      return new Uint8Array(await encoded.toBuffer());
    },
  };
}
