import { siteChrome } from "../../views/site-chrome.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { JSX } from "preact";
import { embedSnippet } from "../../domain/embeds/snippet.js";
import { isDomainError } from "../../domain/shared/errors.js";
import { addSite, rotateSiteSecret, updateSite } from "../../domain/sites/manage-sites.js";
import { OWN_SITE_ID, siteVersion, type Site } from "../../domain/sites/site.js";
import { parseVersion } from "../../domain/shared/ids.js";
import { Layout } from "../../views/layout.js";
import { SitePage, SitesPage, type SiteFormValues } from "../../views/sites-page.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = { name?: string; origins?: string; language?: string; allowAnonymous?: string; maxDepth?: string; webhookUrl?: string; basedOn?: string };
type IdParams = { Params: { id: string } };

/** Admins manage the sites that embed our discussions: the same use cases as `broadsheet site`. */
export function registerSitePages(app: FastifyInstance, deps: AppDeps): void {
  const admin = requirePermission("manageSites");
  const forms = { preValidation: app.csrfProtection, preHandler: admin };
  const snippet = (key: string) => embedSnippet(deps.config.publicUrl, key);

  const page = async (reply: FastifyReply, title: string, body: JSX.Element) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>{body}</Layout>));

  const list = async (reply: FastifyReply, extra: { form?: SiteFormValues; error?: { message: string; field?: string | undefined }; created?: { site: Site; secret: string } } = {}) =>
    page(reply, "Sites", <SitesPage sites={await deps.sites.listSites()} snippet={snippet} csrfToken={reply.generateCsrf()} {...extra} />);

  const one = async (reply: FastifyReply, site: Site, extra: { values?: SiteFormValues; error?: { message: string; field?: string | undefined }; notice?: string; secret?: string } = {}) =>
    page(
      reply,
      site.name,
      <SitePage site={site} csrfToken={reply.generateCsrf()} values={extra.values ?? valuesOf(site)} deliveries={await deps.webhooks.listDeliveries(site.id, 20)} timeZone={siteChrome().timeZone} {...extra} />,
    );

  const embeddingSite = async (id: string): Promise<Site | undefined> => {
    if (!/^\d{1,9}$/.test(id)) return undefined;
    const site = (await deps.sites.listSites()).find((s) => s.id === Number(id));
    return site && site.origins.length > 0 ? site : undefined;
  };

  app.get("/admin/sites", { preHandler: admin }, async (_req, reply) => list(reply));

  app.post<{ Body: Form }>("/admin/sites", forms, async (req, reply) => {
    const form = req.body ?? {};
    try {
      const created = await addSite(deps, inputOf(form));
      return list(reply, { created });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return list(reply, { form: formValues(form), error: { message: err.message, field: err.field } });
    }
  });

  app.get<IdParams & { Querystring: { saved?: string } }>("/admin/sites/:id", { preHandler: admin }, async (req, reply) => {
    const site = await embeddingSite(req.params.id);
    if (!site) return reply.callNotFound();
    return one(reply, site, req.query.saved ? { notice: "Saved." } : {});
  });

  app.post<IdParams & { Body: Form }>("/admin/sites/:id", forms, async (req, reply) => {
    const site = await embeddingSite(req.params.id);
    if (!site) return reply.callNotFound();
    const form = req.body ?? {};
    try {
      const input = inputOf(form);
      await updateSite(deps, site.id, { ...input, webhookUrl: input.webhookUrl ?? null }, parseVersion(form.basedOn));
      return reply.redirect(`/admin/sites/${site.id}?saved=1`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return one(reply, site, { values: formValues(form), error: { message: err.message, field: err.field } });
    }
  });

  app.post<IdParams>("/admin/sites/:id/secret", forms, async (req, reply) => {
    const site = await embeddingSite(req.params.id);
    if (!site) return reply.callNotFound();
    return one(reply, site, { secret: await rotateSiteSecret(deps, site.id) });
  });
}

function inputOf(form: Form) {
  return {
    name: String(form.name ?? ""),
    origins: String(form.origins ?? "")
      .split(/[\s,]+/)
      .filter((o) => o.length > 0),
    language: String(form.language ?? "en"),
    allowAnonymous: form.allowAnonymous === "1",
    maxDepth: Number(form.maxDepth ?? 3),
    webhookUrl: form.webhookUrl ? String(form.webhookUrl) : undefined,
  };
}

function formValues(form: Form): SiteFormValues {
  return { name: form.name ?? "", origins: form.origins ?? "", language: form.language ?? "en", allowAnonymous: form.allowAnonymous === "1", maxDepth: form.maxDepth ?? "3", webhookUrl: form.webhookUrl ?? "", basedOn: form.basedOn ?? "" };
}

function valuesOf(site: Site): SiteFormValues {
  return { name: site.name, origins: site.origins.join("\n"), language: site.language, allowAnonymous: site.allowAnonymous, maxDepth: String(site.maxDepth), webhookUrl: site.webhookUrl ?? "", basedOn: String(siteVersion(site)) };
}
