/** What an uploaded file really is, judged by its bytes, never by its name or declared type. */
export interface ImageInfo {
  readonly type: "jpeg" | "png" | "webp";
  readonly width: number;
  readonly height: number;
}

/**
 * Recognises JPEG, PNG and WebP by their signatures and reads their dimensions from the headers;
 * anything else (SVG, HTML renamed .jpg, a truncated file) is undefined.
 */
export function inspectImage(b: Uint8Array): ImageInfo | undefined {
  const u16 = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const u32 = (i: number) => ((u16(i) << 16) >>> 0) + u16(i + 2);
  const le16 = (i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
  const ascii = (i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));
  const ok = (info: ImageInfo) => (info.width > 0 && info.height > 0 && info.width <= 20_000 && info.height <= 20_000 ? info : undefined);

  if (b.length >= 24 && ascii(1, 3) === "PNG" && b[0] === 0x89 && ascii(12, 4) === "IHDR") {
    return ok({ type: "png", width: u32(16), height: u32(20) });
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the segments to a start-of-frame marker (SOF0–SOF15, except DHT/JPG/DAC).
    for (let i = 2; i + 9 < b.length; ) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1] ?? 0;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const length = u16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return ok({ type: "jpeg", width: u16(i + 7), height: u16(i + 5) });
      }
      if (length < 2) return undefined;
      i += 2 + length;
    }
    return undefined;
  }
  if (b.length >= 30 && ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") {
    const chunk = ascii(12, 4);
    if (chunk === "VP8 " && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) return ok({ type: "webp", width: le16(26) & 0x3fff, height: le16(28) & 0x3fff });
    if (chunk === "VP8L" && b[20] === 0x2f) {
      const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
      return ok({ type: "webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 });
    }
    if (chunk === "VP8X") {
      const w = 1 + ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16));
      const h = 1 + ((b[27] ?? 0) | ((b[28] ?? 0) << 8) | ((b[29] ?? 0) << 16));
      return ok({ type: "webp", width: w, height: h });
    }
  }
  return undefined;
}
