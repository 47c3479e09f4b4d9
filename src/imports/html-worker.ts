// A worker thread that prepares imported comments' HTML (sanitised, and its text) for
// `broadsheet import` while the main thread writes (prepare-in-worker.ts).
import { parentPort } from "node:worker_threads";
import { prepareImportedComment } from "../domain/imports/prepare-comment.js";

const port = parentPort;
if (!port) throw new Error("html-worker runs as a worker thread");
port.on("message", ({ id, htmls }: { id: number; htmls: string[] }) => {
  try {
    port.postMessage({ id, prepared: htmls.map(prepareImportedComment) });
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
