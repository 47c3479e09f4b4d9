import type { ImportRecord, ImportSource } from "../domain/imports/records.js";
import { readBloggerExport } from "./blogger-reader.js";
import { readDisqusExport } from "./disqus-reader.js";
import { readWordPressExport } from "./wordpress-reader.js";

/** Each format's streaming reader: the file's records in file order; `onBytes` tells how far it has read. */
export const READERS: Record<ImportSource, (file: string, onBytes?: (n: number) => void) => AsyncGenerator<ImportRecord>> = {
  blogger: readBloggerExport,
  wordpress: readWordPressExport,
  disqus: readDisqusExport,
};
