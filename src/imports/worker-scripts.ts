import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../paths.js";

/**
 * The import's two worker threads as scripts/build.mjs builds them: found from the built server and
 * command line (dist/) and from the sources under tsx alike, since a worker runs JavaScript only.
 */
export const IMPORT_READER_SCRIPT = pathToFileURL(path.join(projectRoot, "dist", "import-reader.mjs"));
export const IMPORT_HTML_SCRIPT = pathToFileURL(path.join(projectRoot, "dist", "import-html.mjs"));
