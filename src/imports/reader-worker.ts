// The reading half of `broadsheet import`, on a thread of its own: the file is parsed here while the
// main thread writes to the database (read-in-worker.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { ImportRecord, ImportSource } from "../domain/imports/records.js";
import { READERS } from "./readers.js";
import { ImportFileError } from "./xml-stream.js";
import { BATCH, IN_FLIGHT, type FromReader } from "./read-in-worker.js";

const port = parentPort;
if (!port) throw new Error("reader-worker runs as a worker thread");
const { source, file } = workerData as { source: ImportSource; file: string };

let acked = 0;
let sent = 0;
let wake: (() => void) | null = null;
port.on("message", () => {
  acked++;
  wake?.();
});
const post = (m: FromReader) => port.postMessage(m);

try {
  let bytes = 0;
  let batch: ImportRecord[] = [];
  for await (const r of READERS[source](file, (n) => (bytes += n))) {
    batch.push(r);
    if (batch.length < BATCH) continue;
    post({ records: batch, bytes });
    batch = [];
    bytes = 0;
    // At most IN_FLIGHT batches wait for the writer: reading never runs far ahead of writing.
    if (++sent - acked >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
  post({ records: batch, bytes, done: true });
} catch (err) {
  post({
    failed: err instanceof ImportFileError ? { message: err.reason, line: err.line, column: err.column, entry: err.entry } : { message: err instanceof Error ? err.message : String(err) },
  });
}
