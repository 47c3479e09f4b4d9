#!/usr/bin/env node
// The `broadsheet` command: the built CLI (npm install builds it; `npm run build` after a change).
import fs from "node:fs";

const cli = new URL("../dist/cli.mjs", import.meta.url);
if (!fs.existsSync(cli)) {
  console.error("Broadsheet is not built: run `npm run build` in its folder (npm install does it).");
  process.exit(1);
}
await import(cli.href);
