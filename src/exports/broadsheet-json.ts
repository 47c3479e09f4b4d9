import fs from "node:fs";
import readline from "node:readline";
import { EXPORT_FORMAT, EXPORT_VERSION, READABLE_VERSIONS, RECORD_TYPE_NAMES, recordProblem, type ExportHeader, type ExportRecord, type RecordTypeName } from "../domain/exports/export-format.js";
import type { Store } from "../storage/db.js";
import { writeWholeFile } from "./whole-file.js";
import { restoreExportRecords, writeExportRecords, type RestoreFill } from "../storage/export-store.js";

/** A file that is not a whole, valid export of ours: says which line and what is wrong. */
export class ExportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "ExportFileError";
  }
}

/**
 * Writes the export (domain/exports/export-format.ts) to `file` as JSON Lines: the header, every
 * record, and the counts; the file appears only once whole (writeWholeFile).
 */
export async function writeJsonExport(store: Store, file: string, options: { siteId: number | null; secrets: boolean; now: number }): Promise<Record<string, number>> {
  return writeWholeFile(file, async (write) => {
    const line = (value: unknown) => write(`${JSON.stringify(value)}\n`);
    const header: ExportHeader = { type: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(options.now).toISOString(), site: options.siteId, secrets: options.secrets };
    await line(header);
    const counts = await writeExportRecords(store, options, line);
    await line({ type: "end", counts });
    return counts;
  });
}

/**
 * Reads an export back, checking as it goes: the header (format and version), every record's
 * fields, the order of types, and the counts on the last line. A file that fails any check throws
 * ExportFileError with its line — before the restore's transaction commits, so nothing is kept.
 */
export async function* readJsonExport(file: string): AsyncGenerator<ExportRecord, ExportHeader> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  let header: ExportHeader | null = null;
  let ended = false;
  let typeIndex = 0;
  const counts: Record<string, number> = {};
  for await (const text of lines) {
    n++;
    if (ended) throw new ExportFileError(n, "there is more after the last line (the counts)");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ExportFileError(n, `not JSON (${(err as Error).message})`);
    }
    if (!header) {
      const h = value as Partial<ExportHeader> | null;
      if (h?.type !== EXPORT_FORMAT) throw new ExportFileError(n, `not a Broadsheet export (the first line must say "type": "${EXPORT_FORMAT}")`);
      if (typeof h.version !== "number" || !READABLE_VERSIONS.includes(h.version)) throw new ExportFileError(n, `format version ${String(h.version)}; this Broadsheet reads versions ${READABLE_VERSIONS.slice(0, -1).join(", ")} and ${READABLE_VERSIONS[READABLE_VERSIONS.length - 1]}`);
      header = { type: EXPORT_FORMAT, version: h.version, exportedAt: String(h.exportedAt), site: typeof h.site === "number" ? h.site : null, secrets: h.secrets === true };
      continue;
    }
    if ((value as { type?: unknown } | null)?.type === "end") {
      const said = (value as { counts?: Record<string, unknown> }).counts ?? {};
      for (const type of RECORD_TYPE_NAMES) {
        if ((said[type] ?? 0) !== (counts[type] ?? 0)) throw new ExportFileError(n, `the file says it holds ${String(said[type] ?? 0)} ${type} records; ${counts[type] ?? 0} were read`);
      }
      ended = true;
      continue;
    }
    const problem = recordProblem(value, header.secrets, header.version);
    if (problem) throw new ExportFileError(n, problem);
    const record = value as ExportRecord;
    const index = RECORD_TYPE_NAMES.indexOf(record.type);
    if (index < typeIndex) throw new ExportFileError(n, `a ${record.type} record after the ${RECORD_TYPE_NAMES[typeIndex]} records (records come in the documented order)`);
    typeIndex = index;
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    yield record;
  }
  if (!header) throw new ExportFileError(n, "the file is empty");
  if (!ended) throw new ExportFileError(n, "the file ends before its last line (the counts): it was cut off");
  return header;
}

/** Restores a whole export into an empty database, all or nothing. */
export async function restoreJsonExport(store: Store, file: string, fill: RestoreFill): Promise<Record<RecordTypeName, number>> {
  let read = 1;
  async function* counted() {
    for await (const r of readJsonExport(file)) {
      read++;
      yield r;
    }
  }
  try {
    return (await restoreExportRecords(store, counted(), fill)) as Record<RecordTypeName, number>;
  } catch (err) {
    if (err instanceof ExportFileError || !isConstraintError(err)) throw err;
    throw new ExportFileError(read, `the records before this line do not fit together: one refers to a record the file does not hold, or repeats one (${(err as Error).message})`);
  }
}

/** SQLite's SQLITE_CONSTRAINT_* codes, PostgreSQL's class 23 (integrity constraint violation). */
function isConstraintError(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? "");
  return code.startsWith("SQLITE_CONSTRAINT") || /^23\d{3}$/.test(code);
}
