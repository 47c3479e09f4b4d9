import { DomainError } from "../shared/errors.js";
import { inspectImage, type ImageInfo } from "./inspect-image.js";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Where verified images are kept; the name is derived from the content. */
export interface MediaStore {
  /** Stores the bytes (idempotently) and returns the public path, e.g. "/media/ab12….png". */
  saveImage(bytes: Uint8Array, type: ImageInfo["type"]): Promise<string>;
}

/** An editor uploads a lead image: JPEG, PNG or WebP only, checked by content, at most 5 MB. */
export async function uploadImage(deps: { media: MediaStore }, input: { bytes: Uint8Array; field: string }): Promise<{ url: string; info: ImageInfo }> {
  if (input.bytes.length > MAX_IMAGE_BYTES) throw new DomainError("invalid_input", "Images can be at most 5 MB.", input.field);
  const info = inspectImage(input.bytes);
  if (!info) throw new DomainError("invalid_input", "Upload a JPEG, PNG or WebP image. Other files (SVG, HTML, documents) are refused.", input.field);
  return { url: await deps.media.saveImage(input.bytes, info.type), info };
}
