import { Worker } from "node:worker_threads";
import type { ImportRecord, ImportSource } from "../domain/imports/records.js";
import { ImportFileError } from "./xml-stream.js";
import { IMPORT_READER_SCRIPT } from "./worker-scripts.js";

/** Records per message from the reader thread, and how many messages may wait unread. */
export const BATCH = 500;
export const IN_FLIGHT = 8;
/**
 * Either worker holds one batch at a time; left to itself V8 lets an idle-looking heap grow to
 * several times what is live (an import's peak memory is one of its targets).
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 64 };

export type FromReader =
  | { readonly records: ImportRecord[]; readonly bytes: number; readonly done?: true }
  | { readonly failed: { readonly message: string; readonly line?: number; readonly column?: number; readonly entry?: string | null } };

/**
 * An export's records as READERS gives them, read on a worker thread (dist/import-reader.mjs, built
 * from reader-worker.ts) with every comment's HTML already sanitised: parsing and sanitising a large
 * export take as long as writing it, and this way they happen at the same time, on another core.
 * A malformed file fails with the same ImportFileError (line, column, entry) as when read here.
 */
export async function* readInWorker(source: ImportSource, file: string, onBytes?: (bytes: number) => void, script = IMPORT_READER_SCRIPT): AsyncGenerator<ImportRecord> {
  const worker = new Worker(script, { workerData: { source, file }, resourceLimits: WORKER_LIMITS });
  const queue: FromReader[] = [];
  let wake: (() => void) | null = null;
  let crashed: Error | null = null;
  worker.on("message", (m: FromReader) => {
    queue.push(m);
    wake?.();
  });
  worker.on("error", (err) => {
    crashed = err;
    wake?.();
  });
  worker.on("exit", (code) => {
    crashed ??= new Error(`the import reader stopped before the end of the file (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (crashed) throw crashed;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      if ("failed" in m) {
        const f = m.failed;
        throw f.line !== undefined ? new ImportFileError(f.message, f.line, f.column ?? 0, f.entry ?? null) : new Error(f.message);
      }
      onBytes?.(m.bytes);
      yield* m.records;
      if (m.done) return;
      worker.postMessage("read");
    }
  } finally {
    await worker.terminate();
  }
}
