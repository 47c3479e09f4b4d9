import { parseVersion } from "../../domain/shared/ids.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { deleteStaticPage, saveStaticPage, type StaticPage } from "../../domain/pages/static-page.js";
import { DomainError, isDomainError } from "../../domain/shared/errors.js";
import { navigationLines } from "../../domain/sites/site-look.js";
import { updateSiteSettings } from "../../domain/sites/site-settings.js";
import { OWN_SITE_ID, siteVersion, type Site } from "../../domain/sites/site.js";
import type { User } from "../../domain/users/user.js";
import { SiteSettingsPage, StaticPageForm, StaticPageView } from "../../views/admin/site-settings-page.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | string[] | undefined>;
type Values = Record<string, string | boolean>;

const str = (body: Form | undefined, key: string) => {
  const v = body?.[key];
  return typeof v === "string" ? v : "";
};

function settingsValues(site: Site): Values {
  const l = site.look;
  return { name: site.name, language: site.language, description: l.description, timeZone: l.timeZone ?? "", accent: l.accent ?? "", logoUrl: l.logoUrl ?? "", navigation: navigationLines(l.navigation), footer: l.footer, allowAnonymous: site.allowAnonymous, maxDepth: String(site.maxDepth), votes: site.votes, basedOn: String(siteVersion(site)) };
}

const pageValues = (p: StaticPage): Values => ({ title: p.title, slug: p.slug, body: p.bodySource, inNav: p.inNav, position: String(p.position), basedOn: String(p.updatedAt) });

/** The blog's settings and its static pages (admins), and the pages themselves (readers). Registered where multipart bodies are parsed (the logo's upload). */
export function registerSiteSettingsPages(app: FastifyInstance, deps: AppDeps): void {
  const admins = { preHandler: requirePermission("configureSite") };
  const forms = { preValidation: app.csrfProtection, preHandler: requirePermission("configureSite") };
  const actor = (req: FastifyRequest) => req.user as User;
  const page = async (reply: FastifyReply, title: string, body: preact.JSX.Element, cache = "no-store") =>
    reply.type("text/html; charset=utf-8").header("cache-control", cache).send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>{body}</Layout>));

  const settings = async (reply: FastifyReply, values: Values, extra: { notice?: string; error?: { message: string; field?: string | undefined } } = {}) =>
    page(reply, "Site settings", <SiteSettingsPage values={values} csrfToken={reply.generateCsrf()} pages={await deps.pages.listPages(OWN_SITE_ID)} {...extra} />);

  app.get<{ Querystring: { saved?: string } }>("/admin/settings", admins, async (req, reply) => settings(reply, settingsValues(await deps.sites.getSite(OWN_SITE_ID)), req.query.saved ? { notice: "Saved: every page shows the change now." } : {}));

  app.post<{ Body: Form & { logoFile?: unknown } }>("/admin/settings", forms, async (req, reply) => {
    const b = req.body;
    const logo = Buffer.isBuffer(b?.logoFile) ? b.logoFile : undefined;
    const form = {
      name: str(b, "name"), language: str(b, "language"), description: str(b, "description"), timeZone: str(b, "timeZone"), accent: str(b, "accent"),
      logoUrl: str(b, "logoUrl"), navigation: str(b, "navigation"), footer: str(b, "footer"), allowAnonymous: str(b, "allowAnonymous") === "1", maxDepth: str(b, "maxDepth"), votes: str(b, "votes"),
    };
    const basedOn = str(b, "basedOn");
    try {
      await updateSiteSettings(deps, { actor: actor(req), siteId: OWN_SITE_ID, form, logo, basedOn: parseVersion(basedOn) });
      return reply.redirect("/admin/settings?saved=1", 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return settings(reply, { ...form, basedOn }, { error: { message: err.message, field: err.field } });
    }
  });

  const pageForm = async (reply: FastifyReply, existing: StaticPage | undefined, values: Values, extra: { notice?: string; error?: { message: string; field?: string | undefined } } = {}) =>
    page(reply, existing ? existing.title : "New page", <StaticPageForm page={existing} values={values} csrfToken={reply.generateCsrf()} {...extra} />);
  const pageById = async (raw: string) => {
    const found = /^\d{1,12}$/.test(raw) ? await deps.pages.findPageById(Number(raw)) : undefined;
    if (!found || found.siteId !== OWN_SITE_ID) throw new DomainError("not_found", "There is no such page.");
    return found;
  };
  const save = async (req: FastifyRequest<{ Body: Form }>, reply: FastifyReply, existing: StaticPage | undefined) => {
    const b = req.body;
    const values = { title: str(b, "title"), slug: str(b, "slug"), body: str(b, "body"), inNav: str(b, "inNav") === "1", position: str(b, "position"), basedOn: str(b, "basedOn") };
    try {
      const saved = await saveStaticPage(deps, { actor: actor(req), siteId: OWN_SITE_ID, id: existing?.id, ...values, basedOn: existing ? parseVersion(values.basedOn) : undefined });
      return reply.redirect(`/admin/pages/${saved.id}?saved=1`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return pageForm(reply, existing, values, { error: { message: err.message, field: err.field } });
    }
  };

  app.get("/admin/pages/new", admins, async (_req, reply) => pageForm(reply, undefined, { inNav: true, position: "0" }));
  app.post<{ Body: Form }>("/admin/pages", forms, async (req, reply) => save(req, reply, undefined));
  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>("/admin/pages/:id", admins, async (req, reply) => {
    const existing = await pageById(req.params.id);
    return pageForm(reply, existing, pageValues(existing), req.query.saved ? { notice: "Saved." } : {});
  });
  app.post<{ Params: { id: string }; Body: Form }>("/admin/pages/:id", forms, async (req, reply) => save(req, reply, await pageById(req.params.id)));
  app.post<{ Params: { id: string } }>("/admin/pages/:id/delete", forms, async (req, reply) => {
    await deleteStaticPage(deps, { actor: actor(req), id: (await pageById(req.params.id)).id });
    return reply.redirect("/admin/settings?saved=1", 303);
  });

  app.get<{ Params: { slug: string } }>("/pages/:slug", async (req, reply) => {
    const found = await deps.pages.findPage(OWN_SITE_ID, req.params.slug.toLowerCase());
    if (!found) throw new DomainError("not_found", "There is no such page.");
    return page(reply, found.title, <StaticPageView page={found} />, "no-cache");
  });
}
