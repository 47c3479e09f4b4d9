import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs `broadsheet …` as its own process on this data folder: its exit code and everything it printed. */
export function cli(dataDir: string) {
  return async (...args: string[]): Promise<{ code: number; out: string }> => {
    try {
      const { stdout } = await run(process.execPath, ["bin/broadsheet.mjs", ...args], { env: { ...process.env, BROADSHEET_DATA_DIR: dataDir } });
      return { code: 0, out: stdout };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
}
