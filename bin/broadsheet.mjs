#!/usr/bin/env node
// The `broadsheet` command. Runs the TypeScript sources through tsx (a dependency), so it needs no build.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
