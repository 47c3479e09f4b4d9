// Bundles the server into dist/ with esbuild (dependencies stay in node_modules), so `npm start`
// runs plain JavaScript: no TypeScript loader thread in the serving process.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: { main: "src/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  jsxImportSource: "preact",
  sourcemap: "linked",
  logLevel: "warning",
});
