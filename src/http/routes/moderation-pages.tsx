import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { siteChrome } from "../../views/site-chrome.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { assetUrl } from "../../views/asset-urls.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { JSX } from "preact";
import { actOnComments } from "../../domain/moderation/act-on-comments.js";
import { banEmailDomain, liftBan } from "../../domain/moderation/impose-ban.js";
import type { QueueTab } from "../../domain/moderation/ports.js";
import { addWatchWord, removeWatchWord } from "../../domain/moderation/manage-watch-words.js";
import { DEFAULT_MODERATION, SCALAR_SETTINGS, type ScalarSetting } from "../../domain/moderation/settings.js";
import { setPremoderateAll, settingsVersion, updateModerationSettings } from "../../domain/moderation/update-settings.js";
import { parseVersion } from "../../domain/shared/ids.js";
import { DomainError, isDomainError } from "../../domain/shared/errors.js";
import { can } from "../../domain/users/policies.js";
import type { User } from "../../domain/users/user.js";
import { Layout } from "../../views/layout.js";
import { BansPage } from "../../views/moderation/bans-page.js";
import { LogPage } from "../../views/moderation/log-page.js";
import { QueuePage, TAB_LABELS } from "../../views/moderation/queue-page.js";
import { SettingsPage } from "../../views/moderation/settings-page.js";
import { WordsPage } from "../../views/moderation/words-page.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 50;
const DONE: Record<string, string> = { approve: "Approved", spam: "Filed as spam", remove: "Removed", restore: "Restored", ban: "Banned the author of", feature: "Featured", unfeature: "Stopped featuring" };

function isTab(v: unknown): v is QueueTab {
  return typeof v === "string" && Object.hasOwn(TAB_LABELS, v);
}

/** "approve:12:345" → the action, thread and comment it names. */
export function parseItemRef(value: string): { action: string; threadId: number; commentId: number } | undefined {
  const m = /^([a-z]+):(\d{1,12}):(\d{1,12})$/.exec(value);
  return m ? { action: m[1]!, threadId: Number(m[2]), commentId: Number(m[3]) } : undefined;
}

/** A `?site=` (or form field) naming a site by its id; undefined when absent or not an id. */
const siteFilter = (raw: unknown) => parseId(raw);

/** The moderators' pages: the queue with its actions, bans, the audit log and settings. All work without JavaScript. */
export function registerModerationPages(app: FastifyInstance, deps: AppDeps): void {
  const moderators = { preHandler: requirePermission("moderateComments") };
  const forms = (permission: Parameters<typeof requirePermission>[0]) => ({
    preValidation: app.csrfProtection,
    preHandler: requirePermission(permission),
  });
  const actor = (req: FastifyRequest) => req.user as User; // requirePermission let only staff through

  const page = async (reply: FastifyReply, title: string, body: JSX.Element) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name} scripts={[assetUrl("moderation.js")]}>{body}</Layout>));

  async function queue(req: FastifyRequest, reply: FastifyReply, view: { tab: QueueTab; before?: number | undefined; siteId?: number | undefined; notice?: string; error?: string; reason?: string }) {
    const [items, counts, site, sites] = await Promise.all([
      deps.moderation.listQueue(view.tab, { beforeId: view.before, limit: PAGE_SIZE + 1, siteId: view.siteId }),
      deps.moderation.queueCounts(view.siteId),
      deps.sites.getSite(OWN_SITE_ID),
      deps.sites.listSites(),
    ]);
    const shown = items.slice(0, PAGE_SIZE);
    return page(
      reply,
      `Moderation: ${TAB_LABELS[view.tab]}`,
      <QueuePage
        tab={view.tab}
        counts={counts}
        items={shown}
        olderThan={items.length > PAGE_SIZE ? (shown[shown.length - 1]?.comment.id ?? null) : null}
        csrfToken={reply.generateCsrf()}
        premoderateAll={site.moderation.premoderateAll}
        timeZone={siteChrome().timeZone}
        notice={view.notice}
        error={view.error}
        reason={view.reason}
        isAdmin={can.viewModerationLog(req.user)}
        canFeature={can.featureComments(req.user)}
        sites={sites.map((x) => ({ id: x.id, name: x.name }))}
        siteId={view.siteId}
      />,
    );
  }

  app.get<{ Querystring: { tab?: string; before?: string; done?: string; n?: string; site?: string } }>("/moderation", moderators, async (req, reply) => {
    const tab = isTab(req.query.tab) ? req.query.tab : "pending";
    // One site's comments, or every site's (the default: staff see the whole queue).
    const siteId = siteFilter(req.query.site);
    const before = parseId(req.query.before);
    const n = Number(req.query.n ?? 1);
    const notice = req.query.done && DONE[req.query.done] ? `${DONE[req.query.done]} ${n} comment${n === 1 ? "" : "s"}.` : undefined;
    return queue(req, reply, { tab, before, siteId, ...(notice ? { notice } : {}) });
  });

  app.post<{ Querystring: { tab?: string }; Body: Form }>("/moderation/act", forms("moderateComments"), async (req, reply) => {
    const tab = isTab(req.query.tab) ? req.query.tab : "pending";
    const body = req.body ?? {};
    const reason = typeof body.reason === "string" ? body.reason : "";
    const duration = typeof body.duration === "string" ? body.duration : "1d";
    const scope = typeof body.scope === "string" ? body.scope : undefined;
    // Each item's button sends "action:thread:comment"; the bulk buttons send the action, the boxes "thread:comment".
    const single = typeof body.do === "string" ? parseItemRef(body.do) : undefined;
    const action = single?.action ?? (typeof body.bulk === "string" ? body.bulk : "");
    const ticked = (Array.isArray(body["ids[]"]) ? body["ids[]"] : []).map((v) => parseItemRef(`${action}:${v}`));
    const comments = (single ? [single] : ticked).filter((r): r is NonNullable<typeof r> => r !== undefined);
    try {
      if (typeof body.do === "string" && !single) throw new DomainError("invalid_input", "That is not an action on a comment.", "do");
      const { done, failures } = await actOnComments(deps, { actor: actor(req), action, comments, reason, duration, scope });
      if (failures.length > 0) {
        reply.status(409);
        return queue(req, reply, { tab, reason, error: `${done} done; not done: ${failures.map((f) => `comment ${f.commentId}: ${f.message}`).join(" ")}` });
      }
      return reply.redirect(`/moderation?tab=${tab}&done=${action}&n=${done}`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return queue(req, reply, { tab, reason, error: err.message });
    }
  });

  app.post<{ Body: Form }>("/moderation/emergency", forms("moderateComments"), async (req, reply) => {
    const on = req.body?.on === "1";
    await setPremoderateAll(deps, { actor: actor(req), siteId: OWN_SITE_ID, on });
    return reply.redirect("/moderation", 303);
  });

  /** Bans in force, of every site or of the one chosen (its own and every site's). */
  async function bans(reply: FastifyReply, extra: Partial<Parameters<typeof BansPage>[0]> = {}, siteId?: number) {
    const sites = (await deps.sites.listSites()).map((s) => ({ id: s.id, name: s.name }));
    const list = await deps.moderation.listBans(deps.clock.now(), siteId);
    return page(reply, "Bans", <BansPage bans={list} sites={sites} siteId={siteId} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} {...extra} />);
  }

  app.get<{ Querystring: { site?: string } }>("/moderation/bans", moderators, async (req, reply) => bans(reply, {}, siteFilter(req.query.site)));

  app.post<{ Body: Form }>("/moderation/bans", forms("moderateComments"), async (req, reply) => {
    const f = { domain: String(req.body?.domain ?? ""), reason: String(req.body?.reason ?? ""), duration: String(req.body?.duration ?? ""), site: String(req.body?.site ?? "") };
    try {
      const ban = await banEmailDomain(deps, { actor: actor(req), ...f, siteId: f.site === "" ? null : (siteFilter(f.site) ?? -1) });
      return bans(reply, { notice: `Banned ${ban.value}.` });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return bans(reply, { error: { message: err.message, field: err.field }, values: f });
    }
  });

  app.post<{ Params: { id: string } }>("/moderation/bans/:id/lift", forms("moderateComments"), async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    if (!Number.isSafeInteger(id)) throw new DomainError("not_found", "That ban does not exist.");
    const lifted = await liftBan(deps, { actor: actor(req), banId: id });
    return bans(reply, { notice: `Lifted ban #${lifted.id}.` });
  });

  app.get<{ Querystring: { before?: string; site?: string } }>("/moderation/log", { preHandler: requirePermission("viewModerationLog") }, async (req, reply) => {
    const before = parseId(req.query.before);
    // Across sites by default; one site's entries with ?site=ID.
    const chosen = siteFilter(req.query.site);
    const siteId = chosen === undefined ? undefined : (await deps.sites.getSite(chosen)).id;
    const [entries, sites] = await Promise.all([deps.moderation.listLog({ beforeId: before, limit: PAGE_SIZE + 1, siteId }), deps.sites.listSites()]);
    const shown = entries.slice(0, PAGE_SIZE);
    return page(
      reply,
      "Audit log",
      <LogPage
        entries={shown}
        olderThan={entries.length > PAGE_SIZE ? (shown[shown.length - 1]?.id ?? null) : null}
        timeZone={siteChrome().timeZone}
        sites={sites.map((s) => ({ id: s.id, name: s.name }))}
        siteId={siteId}
      />,
    );
  });

  const settingsPage = async (reply: FastifyReply, siteId: number, values: SettingsValues, basedOn: string, extra: { notice?: string; error?: { message: string; field?: string | undefined } } = {}) => {
    const sites = (await deps.sites.listSites()).map((s) => ({ id: s.id, name: s.name }));
    return page(reply, "Moderation settings", <SettingsPage values={values} basedOn={basedOn} csrfToken={reply.generateCsrf()} sites={sites} siteId={siteId} {...extra} />);
  };
  // Settings are per site: our blog by default, an embedding site by ?site=ID (it must exist).
  const siteOf = async (query: { site?: string }) => (await deps.sites.getSite(siteFilter(query.site) ?? OWN_SITE_ID)).id;

  app.get<{ Querystring: { saved?: string; site?: string } }>("/moderation/settings", { preHandler: requirePermission("configureModeration") }, async (req, reply) => {
    const siteId = await siteOf(req.query);
    const settings = (await deps.sites.getSite(siteId)).moderation;
    return settingsPage(reply, siteId, asValues(settings), String(settingsVersion(settings)), req.query.saved ? { notice: "Saved." } : {});
  });

  app.post<{ Body: Form; Querystring: { site?: string } }>("/moderation/settings", forms("configureModeration"), async (req, reply) => {
    const { changes, values } = settingsFromForm(req.body ?? {});
    const basedOn = typeof req.body?.basedOn === "string" ? req.body.basedOn : "";
    const siteId = await siteOf(req.query);
    try {
      await updateModerationSettings(deps, { actor: actor(req), siteId, changes, basedOn: parseVersion(basedOn) });
      return reply.redirect(`/moderation/settings?site=${siteId}&saved=1`, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return settingsPage(reply, siteId, values, basedOn, { error: { message: err.message, field: err.field } });
    }
  });
  const wordsPage = async (
    reply: FastifyReply,
    siteId: number,
    extra: { notice?: string; error?: { message: string; field?: string | undefined }; values?: { phrase?: string; action?: string } } = {},
  ) => {
    const [site, sites] = await Promise.all([deps.sites.getSite(siteId), deps.sites.listSites()]);
    return page(
      reply,
      "Words and phrases",
      <WordsPage words={site.moderation.words} csrfToken={reply.generateCsrf()} sites={sites.map((s) => ({ id: s.id, name: s.name }))} siteId={siteId} {...extra} />,
    );
  };

  app.get<{ Querystring: { site?: string; done?: string } }>("/moderation/words", { preHandler: requirePermission("manageWatchWords") }, async (req, reply) =>
    wordsPage(reply, await siteOf(req.query), req.query.done === "added" ? { notice: "Added." } : req.query.done === "removed" ? { notice: "Removed." } : {}),
  );

  const wordChange = (path: string, run: (req: FastifyRequest<{ Body: Form }>, siteId: number, f: { phrase: string; action: string }) => Promise<unknown>, done: string) =>
    app.post<{ Body: Form; Querystring: { site?: string } }>(path, forms("manageWatchWords"), async (req, reply) => {
      const siteId = await siteOf(req.query);
      const f = { phrase: String(req.body?.phrase ?? ""), action: String(req.body?.action ?? "") };
      try {
        await run(req, siteId, f);
        return reply.redirect(`/moderation/words?site=${siteId}&done=${done}`, 303);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        reply.status(STATUS_OF[err.code]);
        return wordsPage(reply, siteId, { error: { message: err.message, field: err.field }, values: f });
      }
    });
  wordChange("/moderation/words", (req, siteId, f) => addWatchWord(deps, { actor: actor(req), siteId, ...f }), "added");
  wordChange("/moderation/words/remove", (req, siteId, f) => removeWatchWord(deps, { actor: actor(req), siteId, phrase: f.phrase }), "removed");
}

type SettingsValues = Record<ScalarSetting, string | boolean>;

function asValues(s: Record<ScalarSetting, unknown>): SettingsValues {
  return Object.fromEntries(SCALAR_SETTINGS.map((k) => [k, typeof s[k] === "boolean" ? s[k] : String(s[k])])) as SettingsValues;
}

/** The settings form: checkboxes are present only when ticked; numbers stay as typed when they are not numbers, to be named. */
function settingsFromForm(body: Form): { changes: Partial<Record<ScalarSetting, unknown>>; values: SettingsValues } {
  const changes: Partial<Record<ScalarSetting, unknown>> = {};
  const values = asValues(DEFAULT_MODERATION);
  for (const key of SCALAR_SETTINGS) {
    const raw = body[key];
    const text = typeof raw === "string" ? raw.trim() : "";
    const kind = typeof DEFAULT_MODERATION[key];
    if (kind === "boolean") {
      changes[key] = text === "1";
      values[key] = text === "1";
    } else if (kind === "number") {
      changes[key] = text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
      values[key] = text;
    } else {
      changes[key] = text;
      values[key] = text;
    }
  }
  return { changes, values };
}
