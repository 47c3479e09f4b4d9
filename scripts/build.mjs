// The build, done once (npm install runs it through `prepare`; `npm run build` after a change):
//   dist/main.mjs   the server          dist/cli.mjs   the `broadsheet` command
//   dist/import-reader.mjs, dist/import-html.mjs   the import command's two worker threads (src/imports/)
//   dist/assets/    the browser scripts and the stylesheet, named by content hash (served immutable),
//                   with manifest.json mapping each plain name to its hashed file, and the embed
//                   loader as embed-loader.js (its address, /embed.js, is in other people's pages).
// Dependencies stay in node_modules; nothing here runs TypeScript at run time.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const assets = path.join(dist, "assets");

const jsx = { jsx: "automatic", jsxImportSource: "preact" };

await esbuild.build({
  entryPoints: { main: path.join(root, "src/main.ts"), cli: path.join(root, "src/cli/main.ts"), "import-reader": path.join(root, "src/imports/reader-worker.ts"), "import-html": path.join(root, "src/imports/html-worker.ts") },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  ...jsx,
  sourcemap: "linked",
  logLevel: "warning",
});

fs.rmSync(assets, { recursive: true, force: true });
fs.mkdirSync(assets, { recursive: true });
const browser = { bundle: true, minify: true, target: "es2020", ...jsx, legalComments: "none", logLevel: "warning" };
const SCRIPTS = { "thread.js": "thread.tsx", "editor.js": "editor.ts", "moderation.js": "moderation.ts", "embed-frame.js": "embed-frame.ts", "embed-sign-in.js": "embed-sign-in.ts" };
const result = await esbuild.build({
  ...browser,
  entryPoints: Object.fromEntries(Object.entries(SCRIPTS).map(([name, entry]) => [name.replace(/\.js$/, ""), path.join(root, "src/client", entry)])),
  outdir: assets,
  entryNames: "[name].[hash]",
  format: "esm",
  metafile: true,
});
const manifest = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (!out.entryPoint) continue;
  const hashed = path.basename(file);
  manifest[`${hashed.split(".")[0]}.js`] = hashed;
}
// The stylesheet, hashed the same way.
// Minified: the embedded frame loads it too, and has a size budget (test/browser/embedding.test.ts).
const css = Buffer.from((await esbuild.transform(fs.readFileSync(path.join(root, "public/site.css"), "utf8"), { loader: "css", minify: true, target: "chrome100" })).code);
const cssName = `site.${crypto.createHash("sha256").update(css).digest("hex").slice(0, 8)}.css`;
fs.writeFileSync(path.join(assets, cssName), css);
manifest["site.css"] = cssName;
await esbuild.build({ ...browser, entryPoints: [path.join(root, "src/client/embed-loader.ts")], outfile: path.join(assets, "embed-loader.js"), format: "iife" });
// The theme script runs in <head> before the page paints: a classic script, not a module.
const theme = await esbuild.build({ ...browser, entryPoints: [path.join(root, "src/client/theme.ts")], format: "iife", write: false });
const themeJs = theme.outputFiles[0].contents;
const themeName = `theme.${crypto.createHash("sha256").update(themeJs).digest("hex").slice(0, 8)}.js`;
fs.writeFileSync(path.join(assets, themeName), themeJs);
manifest["theme.js"] = themeName;
fs.writeFileSync(path.join(assets, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
