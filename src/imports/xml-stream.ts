import fs from "node:fs";
import { SaxesParser } from "saxes";
import type { ImportRecord } from "../domain/imports/records.js";

/** A malformed export: where it broke and what was being read. */
export class ImportFileError extends Error {
  constructor(readonly reason: string, readonly line: number, readonly column: number, readonly entry: string | null) {
    super(`${reason} at line ${line}, column ${column}${entry ? ` (in entry ${entry})` : ""}`);
    this.name = "ImportFileError";
  }
}

/**
 * The streaming XML parser every importer reads with: namespaces resolved, positions kept. No DTD
 * is accepted, so no entity beyond XML's own five and character references is ever expanded (no
 * external entities, no "billion laughs"); the first error stops the read with its line, column
 * and the entry being read (`where`).
 */
export function exportParser(where: () => string | null): { parser: SaxesParser<{ xmlns: true; position: true }>; failure: () => ImportFileError | null } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: ImportFileError | null = null;
  parser.on("doctype", () => {
    failure ??= new ImportFileError("a DOCTYPE is not allowed in an export", parser.line, parser.column, where());
  });
  parser.on("error", (err: Error) => {
    failure ??= new ImportFileError(err.message.replace(/^.*?:\d+:\d+: /, ""), parser.line, parser.column, where());
  });
  return { parser, failure: () => failure };
}

/** Feeds the file to the parser a chunk at a time, yielding the records each chunk completed. */
export async function* readThrough(
  file: string,
  parsing: ReturnType<typeof exportParser>,
  ready: ImportRecord[],
  onBytes?: (bytes: number) => void,
): AsyncGenerator<ImportRecord> {
  for await (const chunk of fs.createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
    parsing.parser.write(chunk as string);
    onBytes?.(Buffer.byteLength(chunk as string));
    const failed = parsing.failure();
    if (failed) throw failed;
    yield* ready.splice(0);
  }
  parsing.parser.close(); // reports an element left open at the end of the file
  const failed = parsing.failure();
  if (failed) throw failed;
  yield* ready.splice(0);
}
