import fs from "node:fs";
import type { ImportDeps } from "../domain/imports/run-import.js";
import type { ImportReport, ImportSource } from "../domain/imports/records.js";
import { importFile } from "./import-file.js";
import { ImportFileError } from "./xml-stream.js";

export interface ImportJob {
  readonly id: string;
  readonly source: ImportSource;
  readonly siteId: number;
  readonly dryRun: boolean;
  readonly size: number;
  read: number;
  state: "running" | "done" | "failed";
  report?: ImportReport;
  error?: string;
}

/**
 * Imports started from the admin page: each runs in the background on the uploaded file (removed
 * when it ends) while its page shows how far it has read; this process keeps the last few.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(private readonly deps: ImportDeps & { random: { token(n: number): string } }) {}

  start(file: string, options: { source: ImportSource; siteId: number; dryRun: boolean }): ImportJob {
    const job: ImportJob = { id: this.deps.random.token(9), ...options, size: fs.statSync(file).size, read: 0, state: "running" };
    this.jobs.set(job.id, job);
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - 20))) this.jobs.delete(old);
    importFile(this.deps, { ...options, file, onBytes: (n) => (job.read += n) })
      .then((report) => {
        job.report = report;
        job.state = "done";
      })
      .catch((err: unknown) => {
        job.state = "failed";
        job.error = err instanceof ImportFileError ? `The file is not a readable export: ${err.message}. What came before this point was imported; importing the fixed file continues from it.` : err instanceof Error ? err.message : String(err);
      })
      .finally(() => fs.rm(file, { force: true }, () => undefined));
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }
}
