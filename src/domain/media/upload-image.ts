import { DomainError } from "../shared/errors.js";
import { inspectImage, type ImageInfo } from "./inspect-image.js";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Where verified images are kept; the name is derived from the content. */
export interface MediaStore {
  /** Stores the bytes (idempotently) and returns the public path, e.g. "/media/ab12….png". */
  saveImage(bytes: Uint8Array, type: ImageInfo["type"]): Promise<string>;
}

/** Decodes an image and encodes it afresh, so nothing but its pixels is kept. */
export interface ImageCodec {
  /** The image re-encoded in the same format, or undefined when it does not decode as one. */
  reencode(bytes: Uint8Array, type: ImageInfo["type"]): Promise<{ bytes: Uint8Array; width: number; height: number } | undefined>;
}

const NOT_AN_IMAGE = "Upload a JPEG, PNG or WebP image. Other files (SVG, HTML, documents) are refused.";

/**
 * An editor uploads a lead image: JPEG, PNG or WebP only, checked by its bytes, at most 5 MB, then
 * decoded and re-encoded — what is stored and served is a picture and nothing else (no appended
 * document, no EXIF or GPS position).
 */
export async function uploadImage(deps: { media: MediaStore; images: ImageCodec }, input: { bytes: Uint8Array; field: string }): Promise<{ url: string; info: ImageInfo }> {
  if (input.bytes.length > MAX_IMAGE_BYTES) throw new DomainError("invalid_input", "Images can be at most 5 MB.", input.field);
  const claimed = inspectImage(input.bytes);
  if (!claimed) throw new DomainError("invalid_input", NOT_AN_IMAGE, input.field);
  const clean = await deps.images.reencode(input.bytes, claimed.type);
  if (!clean) throw new DomainError("invalid_input", NOT_AN_IMAGE, input.field);
  const info: ImageInfo = { type: claimed.type, width: clean.width, height: clean.height };
  return { url: await deps.media.saveImage(clean.bytes, info.type), info };
}
