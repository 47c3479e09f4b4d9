import { spawn } from "node:child_process";

/** How the tests start a server process: as `npm start` does, from the build (test/global-setup.ts builds it first). */
export const SERVER_ARGS: readonly string[] = ["--enable-source-maps", "dist/main.mjs"];

/** The server as `npm start` runs it, in its own process: `ready` settles when it prints its address. */
export function startServerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [...SERVER_ARGS], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Broadsheet is serving")) resolve();
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, ready, exited, output: () => out };
}
