import { Worker } from "node:worker_threads";
import type { PreparedHtml } from "../domain/imports/records.js";
import { WORKER_LIMITS } from "./read-in-worker.js";
import { IMPORT_HTML_SCRIPT } from "./worker-scripts.js";

type Reply = { readonly id: number; readonly prepared: PreparedHtml[] } | { readonly id: number; readonly error: string };

/**
 * prepareImportedComment on a worker thread (dist/import-html.mjs, built from html-worker.ts), for
 * runImport's `prepareHtml`: sanitising is a fifth of an import's work and needs no database.
 */
export class HtmlWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(p: PreparedHtml[]): void; reject(err: Error): void }>();
  private next = 0;
  private broken: Error | null = null;

  constructor(script = IMPORT_HTML_SCRIPT) {
    this.worker = new Worker(script, { resourceLimits: WORKER_LIMITS });
    this.worker.on("message", (m: Reply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ("error" in m) w?.reject(new Error(m.error));
      else w?.resolve(m.prepared);
    });
    const fail = (err: Error) => {
      this.broken ??= err;
      for (const w of this.waiting.values()) w.reject(this.broken);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the import's HTML worker stopped (exit code ${code})`)));
  }

  readonly prepare = (htmls: readonly string[]): Promise<PreparedHtml[]> =>
    new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, htmls });
    });

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
