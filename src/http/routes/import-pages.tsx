import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { JSX } from "preact";
import { formatImportReport } from "../../domain/imports/report.js";
import type { ImportSource } from "../../domain/imports/records.js";
import { DomainError } from "../../domain/shared/errors.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import type { ImportJobs } from "../../imports/import-jobs.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { renderDocument } from "../render.js";

const SOURCES: readonly ImportSource[] = ["blogger", "wordpress", "disqus"];
const LABELS: Record<ImportSource, string> = { blogger: "Blogger (Atom export from Settings)", wordpress: "WordPress (WXR from Tools → Export)", disqus: "Disqus (XML export)" };
/** An export of several hundred MB is ordinary; it is streamed to disk, never held in memory. */
const MAX_UPLOAD = 2 * 1024 ** 3;

/** Admins import an export from the browser: upload, a progress bar while it runs, the report at the end. */
export async function registerImportPages(app: FastifyInstance, deps: AppDeps, jobs: ImportJobs): Promise<void> {
  const admin = requirePermission("importContent");
  const dir = path.join(deps.config.dataDir, "imports");

  const page = async (reply: FastifyReply, title: string, body: JSX.Element, head?: JSX.Element) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name} head={head}>{body}</Layout>));

  const form = async (reply: FastifyReply, error?: string) => {
    const sites = await deps.sites.listSites();
    return page(
      reply,
      "Import",
      <div class="editor import">
        <h1>Import posts and comments</h1>
        <p>Everything comes with its original dates, numbers, replies and removed comments. Importing the same file again adds nothing; a newer export adds only what is new.</p>
        {error ? <p class="form-error" role="alert">{error}</p> : null}
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="post-form">
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <p>
            <label for="import-source">From</label>
            <select id="import-source" name="source">
              {SOURCES.map((s) => (
                <option value={s}>{LABELS[s]}</option>
              ))}
            </select>
          </p>
          <p>
            <label for="import-site">Into</label>
            <select id="import-site" name="site">
              {sites.map((s) => (
                <option value={String(s.id)}>{s.name}</option>
              ))}
            </select>
          </p>
          <p>
            <label>
              <input type="checkbox" name="dryRun" value="1" /> Dry run: read and count, write nothing
            </label>
          </p>
          <p>
            <label for="import-file">Export file</label>
            <input id="import-file" name="file" type="file" accept=".xml,application/xml,text/xml" required />
          </p>
          <button type="submit">Import</button>
        </form>
      </div>,
    );
  };

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10, fieldSize: 4096, parts: 11 } });

    scope.get("/admin/import", { preHandler: admin }, async (_req, reply) => form(reply));

    scope.post("/admin/import", { preHandler: admin }, async (req, reply) => {
      const fields: Record<string, string> = {};
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${deps.random.token(12)}.xml`);
      let stored = false;
      // The form puts its fields before the file, so the CSRF token is checked before the upload is kept.
      for await (const part of req.parts()) {
        if (part.type === "field") {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        await checkCsrf(app, req, reply, fields._csrf);
        await pipeline(part.file, fs.createWriteStream(file));
        if (part.file.truncated) {
          fs.rmSync(file, { force: true });
          reply.status(413);
          return form(reply, "The file is larger than 2 GB.");
        }
        stored = true;
      }
      if (!stored) {
        await checkCsrf(app, req, reply, fields._csrf);
        reply.status(400);
        return form(reply, "Choose an export file to import.");
      }
      const source = SOURCES.find((s) => s === fields.source);
      const site = (await deps.sites.listSites()).find((s) => String(s.id) === fields.site);
      if (!source || !site) {
        fs.rmSync(file, { force: true });
        reply.status(400);
        return form(reply, "Choose where the file comes from and the site to import into.");
      }
      const job = jobs.start(file, { source, siteId: site.id, dryRun: fields.dryRun === "1" });
      return reply.redirect(`/admin/import/${job.id}`, 303);
    });

    scope.get<{ Params: { id: string } }>("/admin/import/:id", { preHandler: admin }, async (req, reply) => {
      const job = jobs.get(req.params.id);
      if (!job) return reply.callNotFound();
      const running = job.state === "running";
      return page(
        reply,
        "Import",
        <div class="editor import" data-import-state={job.state}>
          <h1>{running ? "Importing…" : job.state === "done" ? (job.dryRun ? "Dry run finished" : "Import finished") : "Import stopped"}</h1>
          <p>
            <label for="import-progress">Read</label>{" "}
            <progress id="import-progress" max={job.size} value={job.read}>
              {Math.round((100 * job.read) / Math.max(1, job.size))} %
            </progress>{" "}
            {Math.round(job.read / 1024)} of {Math.round(job.size / 1024)} KB
          </p>
          {job.report ? <pre class="import-report">{formatImportReport(job.report)}</pre> : null}
          {job.error ? <p class="form-error" role="alert">{job.error}</p> : null}
          {running ? <p class="hint">This page refreshes itself until the import ends.</p> : <p><a href="/admin/import">Import another file</a></p>}
        </div>,
        running ? <meta http-equiv="refresh" content="1" /> : undefined,
      );
    });
  });
}

/** The CSRF check of our forms, on the token the multipart form sent first. */
async function checkCsrf(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, token: string | undefined): Promise<void> {
  (req as unknown as { body: unknown }).body = { _csrf: token ?? "" };
  await new Promise<void>((resolve, reject) => {
    (app.csrfProtection as unknown as (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void)(req, reply, (err) => (err ? reject(err) : resolve()));
  });
  if (!token) throw new DomainError("forbidden", "The form has expired: reload the page and try again.");
}
