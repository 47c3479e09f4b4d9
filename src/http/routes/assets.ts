import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { projectRoot as root } from "../../paths.js";
import { setAssetManifest } from "../../views/asset-urls.js";

const BUILT = path.join(root, "dist/assets");

/** Reads a file of the build, with a clear error when there is no build. */
export function builtAsset(name: string): string {
  const file = path.join(BUILT, name);
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: Broadsheet is not built. Run npm run build (npm install does it).`);
  return fs.readFileSync(file, "utf8");
}

/** The address of a built asset as the build named it, read from the manifest (for tools and tests). */
export function builtAssetAddress(name: string): string {
  const hashed = (JSON.parse(builtAsset("manifest.json")) as Record<string, string>)[name];
  if (!hashed) throw new Error(`the asset ${name} is not in the build`);
  return `/assets/${hashed}`;
}

/**
 * The built browser scripts and stylesheet (content-hashed names, so cached for a year and never
 * asked again), then pictures and the rest of public/.
 */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  setAssetManifest(JSON.parse(builtAsset("manifest.json")) as Record<string, string>);
  const hashed = /\.[A-Za-z0-9]{8}\.(js|css)$/;
  await app.register(fastifyStatic, {
    // The build first (hashed names), then public/ (pictures); the first folder holding the file answers.
    root: [BUILT, path.join(root, "public")],
    prefix: "/assets/",
    decorateReply: false,
    index: false,
    cacheControl: false,
    // The manifest is for the server; the loader is served at /embed.js.
    allowedPath: (p) => p !== "/manifest.json" && p !== "/embed-loader.js",
    setHeaders: (res, file) => res.setHeader("cache-control", hashed.test(file) ? "public, max-age=31536000, immutable" : "public, max-age=3600"),
  });
}
