import { DomainError } from "../shared/errors.js";
import { inspectImage, type ImageInfo } from "./inspect-image.js";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Widths of the smaller copies made of every uploaded picture wider than them (for srcset). */
export const VARIANT_WIDTHS: readonly number[] = [480, 960, 1600];

/** A stored picture: its size, and its smaller copies. */
export interface StoredImage {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly variants: ReadonlyArray<{ readonly url: string; readonly width: number }>;
}

/** Where verified images are kept; the name is derived from the content. */
export interface MediaStore {
  /** Stores the bytes (idempotently) and returns the public path, e.g. "/media/ab12….png". */
  saveImage(bytes: Uint8Array, type: ImageInfo["type"]): Promise<string>;
  /** Stores a smaller copy of a saved picture and the picture's description (size, copies). */
  saveVariants(url: string, image: { width: number; height: number }, variants: ReadonlyArray<{ width: number; bytes: Uint8Array }>): Promise<StoredImage>;
  /** A picture of ours by its public path, with its copies; undefined for anything else. */
  describe(url: string): Promise<StoredImage | undefined>;
  /** The pictures uploaded, newest first (the editors' media library). */
  listImages(limit: number): Promise<StoredImage[]>;
}

/** Decodes an image and encodes it afresh, so nothing but its pixels is kept. */
export interface ImageCodec {
  /** The image re-encoded in the same format, or undefined when it does not decode as one. */
  reencode(bytes: Uint8Array, type: ImageInfo["type"]): Promise<{ bytes: Uint8Array; width: number; height: number } | undefined>;
  /** A copy at most `width` pixels wide, same format (the picture was re-encoded already). */
  resize(bytes: Uint8Array, type: ImageInfo["type"], width: number): Promise<Uint8Array>;
}

const NOT_AN_IMAGE = "Upload a JPEG, PNG or WebP image. Other files (SVG, HTML, documents) are refused.";

/**
 * An editor uploads a lead image: JPEG, PNG or WebP only, checked by its bytes, at most 5 MB, then
 * decoded and re-encoded — what is stored and served is a picture and nothing else (no appended
 * document, no EXIF or GPS position).
 */
export async function uploadImage(deps: { media: MediaStore; images: ImageCodec }, input: { bytes: Uint8Array; field: string }): Promise<{ url: string; info: ImageInfo; stored: StoredImage }> {
  if (input.bytes.length > MAX_IMAGE_BYTES) throw new DomainError("invalid_input", "Images can be at most 5 MB.", input.field);
  const claimed = inspectImage(input.bytes);
  if (!claimed) throw new DomainError("invalid_input", NOT_AN_IMAGE, input.field);
  const clean = await deps.images.reencode(input.bytes, claimed.type);
  if (!clean) throw new DomainError("invalid_input", NOT_AN_IMAGE, input.field);
  const info: ImageInfo = { type: claimed.type, width: clean.width, height: clean.height };
  const url = await deps.media.saveImage(clean.bytes, info.type);
  // Smaller copies for phones and narrow columns: the page offers them with srcset.
  const variants = [];
  for (const width of VARIANT_WIDTHS.filter((w) => w < clean.width)) variants.push({ width, bytes: await deps.images.resize(clean.bytes, info.type, width) });
  const stored = await deps.media.saveVariants(url, clean, variants);
  return { url, info, stored };
}
