import type { ImportDeps } from "../domain/imports/run-import.js";
import { runImport } from "../domain/imports/run-import.js";
import type { ImportReport, ImportSource } from "../domain/imports/records.js";
import { HtmlWorker } from "./prepare-in-worker.js";
import { readInWorker } from "./read-in-worker.js";

/**
 * An export file imported as the command line and the admin page both do it: the file read on one
 * worker thread and the comments' HTML sanitised on another while this thread writes, so that a
 * large import neither stalls a server's requests nor fills its heap. A malformed file rejects with
 * its ImportFileError (line, column, entry).
 */
export async function importFile(deps: ImportDeps, input: { file: string; source: ImportSource; siteId: number; dryRun: boolean; onBytes?: (bytes: number) => void }): Promise<ImportReport> {
  const html = new HtmlWorker();
  try {
    return await runImport({ ...deps, prepareHtml: html.prepare }, { siteId: input.siteId, source: input.source, dryRun: input.dryRun, records: readInWorker(input.source, input.file, input.onBytes) });
  } finally {
    await html.close();
  }
}
