import fs from "node:fs";
import { DomainError } from "../domain/shared/errors.js";

/** A file named on the command line (or "-" for standard input), read whole; a clear error when it cannot be. */
export function readInputFile(file: string, option: string): Buffer {
  try {
    return fs.readFileSync(file === "-" ? 0 : file);
  } catch (err) {
    throw new DomainError("invalid_input", `${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"}).`, option);
  }
}
