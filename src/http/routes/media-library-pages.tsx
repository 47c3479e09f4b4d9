import type { FastifyInstance, FastifyReply } from "fastify";
import { uploadImage } from "../../domain/media/upload-image.js";
import { ALT_PLACEHOLDER } from "../../domain/markup/render-markdown.js";
import { isDomainError } from "../../domain/shared/errors.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { MediaLibrary } from "../../views/editor/media-library.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

/**
 * The editors' pictures: a library to reuse them, and uploads — from its form, or from the
 * editor's script when a picture is pasted or dropped into a post's text (answered as JSON).
 * Registered where multipart bodies are parsed (the editor's scope).
 */
export function registerMediaLibrary(app: FastifyInstance, deps: AppDeps): void {
  const editors = requirePermission("writePosts");
  const page = async (reply: FastifyReply, extra: { uploaded?: string; error?: string } = {}) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        renderDocument(
          <Layout title="Pictures" siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>
            <MediaLibrary images={await deps.media.listImages(200)} csrfToken={reply.generateCsrf()} {...extra} />
          </Layout>,
        ),
      );

  app.get<{ Querystring: { uploaded?: string } }>("/editor/media", { preHandler: editors }, async (req, reply) =>
    page(reply, /^\/media\/[0-9a-f]{32}\.(jpg|png|webp)$/.test(req.query.uploaded ?? "") ? { uploaded: req.query.uploaded } : {}),
  );

  app.post<{ Body: { file?: unknown } }>("/editor/media", { preValidation: app.csrfProtection, preHandler: editors }, async (req, reply) => {
    const wantsJson = (req.headers.accept ?? "").includes("application/json");
    const file = req.body?.file;
    try {
      const { url, stored } = await uploadImage(deps, { bytes: Buffer.isBuffer(file) ? file : Buffer.alloc(0), field: "file" });
      if (wantsJson) return reply.status(201).send({ url, width: stored.width, height: stored.height, markdown: `![${ALT_PLACEHOLDER}](${url})` });
      return reply.redirect(`/editor/media?uploaded=${encodeURIComponent(url)}`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (wantsJson) throw err;
      return page(reply, { error: err.message });
    }
  });
}
