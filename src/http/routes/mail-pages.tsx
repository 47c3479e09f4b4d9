import { parseId } from "../../domain/shared/ids.js";
import { siteChrome } from "../../views/site-chrome.js";
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { Layout } from "../../views/layout.js";
import { MailPage } from "../../views/mail-page.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { renderDocument } from "../render.js";

const STATUSES = ["pending", "sending", "sent", "failed", "cancelled"];

/** Staff see every mail, retry a failed one, and read the .eml files written when there is no mail server. */
export function registerMailPages(app: FastifyInstance, deps: AppDeps): void {
  const admin = requirePermission("viewMail");
  const dir = path.join(deps.config.dataDir, "mail");
  const files = () => (deps.config.smtpUrl || !fs.existsSync(dir) ? [] : fs.readdirSync(dir).filter((f) => f.endsWith(".eml")).sort().reverse().slice(0, 200));

  app.get<{ Querystring: { status?: string } }>("/admin/mail", { preHandler: admin }, async (req, reply) => {
    const status = STATUSES.includes(req.query.status ?? "") ? req.query.status : undefined;
    const body = (
      <MailPage rows={await deps.outbox.listRecent(200, status)} counts={await deps.outbox.countByStatus()} describe={deps.mailSender.describe} files={files()} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} status={status} />
    );
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDocument(<Layout title="Mail" siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>{body}</Layout>));
  });

  app.post<{ Params: { id: string } }>("/admin/mail/:id/retry", { preValidation: app.csrfProtection, preHandler: admin }, async (req, reply) => {
    const id = parseId(req.params.id);
    if (id !== undefined) await deps.outbox.retryNow(id, deps.clock.now());
    deps.outboxWorker.kick();
    return reply.redirect("/admin/mail", 303);
  });

  app.get<{ Params: { name: string } }>("/admin/mail/files/:name", { preHandler: admin }, async (req, reply) => {
    const name = req.params.name;
    if (!/^[\w.-]+\.eml$/.test(name) || !files().includes(name)) return reply.callNotFound();
    // Shown as text, never rendered: a mail's HTML is the readers' words.
    return reply.type("text/plain; charset=utf-8").header("cache-control", "no-store").header("x-content-type-options", "nosniff").send(fs.readFileSync(path.join(dir, name)));
  });
}
