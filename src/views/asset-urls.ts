/**
 * Where the browser finds a built asset: its content-hashed name from dist/assets/manifest.json
 * (set once at start by http/routes/assets.ts), so a page always asks for the bytes it was
 * rendered with and the file can be cached for a year.
 */
let manifest: Readonly<Record<string, string>> = {};

export function setAssetManifest(m: Readonly<Record<string, string>>): void {
  manifest = m;
}

/** "/assets/thread.RA4Z6G4M.js" for "thread.js". */
export function assetUrl(name: string): string {
  const hashed = manifest[name];
  if (!hashed) throw new Error(`the asset ${name} is not in the build (run npm run build)`);
  return `/assets/${hashed}`;
}
