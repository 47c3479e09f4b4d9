import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps } from "../deps.js";

const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

/** Uploaded images: image types only, never sniffed, sandboxed, cached for good (names are content hashes). */
export function registerMedia(app: FastifyInstance, deps: Pick<AppDeps, "media">): void {
  app.get<{ Params: { name: string } }>("/media/:name", { schema: { hide: true } }, async (req, reply) => {
    const file = deps.media.pathOf(req.params.name);
    const type = TYPES[req.params.name.split(".").pop() ?? ""];
    if (!file || !type || !fs.existsSync(file)) throw new DomainError("not_found", "There is no such image.");
    return reply
      .type(type)
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(fs.createReadStream(file));
  });
}
