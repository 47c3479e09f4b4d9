import { execFileSync } from "node:child_process";

/**
 * Builds once before any test: the server, the CLI and the browser assets the tests use, from the
 * sources as they are now (so a test never runs an older build).
 */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
