// `npm run example`: serves examples/static-site on http://localhost:8081, embedding the discussion
// of the blog that `npm start` runs (BROADSHEET_PUBLIC_URL, by default http://localhost:3000).
// The first run adds the embedding site (origin http://localhost:8081) to the blog's database.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { composeDeps, openStore } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";

const PORT = Number(process.env.EXAMPLE_PORT ?? 8081);
const origin = `http://localhost:${PORT}`;
const here = path.dirname(fileURLToPath(import.meta.url));

const config = loadConfig();
const store = await openStore(config);
const deps = await composeDeps(config, store);
const sites = await deps.sites.listSites();
if (sites.length === 0) {
  console.error("Start the blog once first (npm start): the first site is the blog itself.");
  process.exit(1);
}
const existing = sites.find((s) => s.origins.includes(origin));
const site = existing ?? (await addSite(deps, { name: "Example static site", origins: [origin] })).site;
await deps.events.close();
await store.close();

const blog = config.publicUrl.replace(/\/+$/, "");
const page = fs
  .readFileSync(path.join(here, "index.html"), "utf8")
  .replaceAll("__BLOG__", blog)
  .replaceAll("__ORIGIN__", origin)
  .replaceAll("__SITE_KEY__", site.publicKey);

http
  .createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (url === "/" || url === "/harbour-wall.html") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  })
  .listen(PORT, () => console.log(`Example static site: ${origin}/harbour-wall.html (embedding ${blog}, site key ${site.publicKey})`));
