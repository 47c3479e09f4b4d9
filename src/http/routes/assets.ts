import path from "node:path";
import * as esbuild from "esbuild";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

import { projectRoot as root } from "../../paths.js";

/** Bundles a browser script (thread.tsx reuses the server's comment component) once, at start. */
export async function buildClientBundle(entry: string, format: "esm" | "iife" = "esm"): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, "src/client", entry)],
    bundle: true,
    minify: true,
    format,
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    write: false,
    legalComments: "none",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** Stylesheet and images from public/, and the bundled script. */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  for (const [name, entry] of [["thread.js", "thread.tsx"], ["editor.js", "editor.ts"], ["moderation.js", "moderation.ts"], ["embed-frame.js", "embed-frame.ts"], ["embed-sign-in.js", "embed-sign-in.ts"]] as const) {
    const bundle = await buildClientBundle(entry);
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_req, reply) =>
      reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=300").send(bundle),
    );
  }
  await app.register(fastifyStatic, {
    root: path.join(root, "public"),
    prefix: "/assets/",
    decorateReply: false,
    maxAge: 3600 * 1000,
    index: false,
  });
}
