import { VOTE_MODES, type Site, type SiteStore, type VoteMode } from "../domain/sites/site.js";
import { DomainError } from "../domain/shared/errors.js";
import { withTransaction, type Store } from "./db.js";
import type { SitesTable } from "./schema.js";
import { DEFAULT_MODERATION, parseModerationSettings } from "../domain/moderation/settings.js";
import type { Selectable } from "kysely";
import { DEFAULT_LOOK, parseSiteLook } from "../domain/sites/site-look.js";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function toSite(r: Selectable<SitesTable>): Site {
  const origins = parseJson(r.origins);
  return {
    id: Number(r.id),
    name: r.name,
    publicKey: r.public_key,
    origins: Array.isArray(origins) ? origins.filter((o): o is string => typeof o === "string") : [],
    language: r.language,
    webhookUrl: r.webhook_url,
    votes: (VOTE_MODES as readonly string[]).includes(r.votes) ? (r.votes as VoteMode) : "updown",
    allowAnonymous: r.allow_anonymous === 1,
    maxDepth: Number(r.max_depth),
    moderation: parseModerationSettings(parseJson(r.moderation)),
    look: parseSiteLook(parseJson(r.look)),
  };
}

export function makeSiteStore(store: Store): SiteStore {
  const { db } = store;
  const getSite = async (id: number) => {
    const r = await db.selectFrom("sites").selectAll().where("id", "=", id).executeTakeFirst();
    if (!r) throw new DomainError("not_found", `Site ${id} does not exist.`);
    return toSite(r);
  };
  return {
    getSite,
    async findSiteByKey(publicKey) {
      const r = await db.selectFrom("sites").selectAll().where("public_key", "=", publicKey).executeTakeFirst();
      return r ? toSite(r) : undefined;
    },
    async listSites() {
      return (await db.selectFrom("sites").selectAll().orderBy("id").execute()).map(toSite);
    },
    async getSiteSecret(id) {
      const r = await db.selectFrom("sites").select("secret").where("id", "=", id).executeTakeFirst();
      if (!r) throw new DomainError("not_found", `Site ${id} does not exist.`);
      return r.secret;
    },
    async insertSite(site, createdAt) {
      const r = await db
        .insertInto("sites")
        .values({
          name: site.name,
          public_key: site.publicKey,
          secret: site.secret,
          origins: JSON.stringify(site.origins),
          language: site.language,
          webhook_url: site.webhookUrl,
          ...(site.votes ? { votes: site.votes } : {}),
          allow_anonymous: site.allowAnonymous ? 1 : 0,
          max_depth: site.maxDepth,
          created_at: createdAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const { secret: _secret, ...rest } = site;
      return { ...rest, id: Number(r.id), moderation: DEFAULT_MODERATION, votes: site.votes ?? "updown", look: DEFAULT_LOOK };
    },
    updateSite(id, patch, check) {
      const set = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.origins !== undefined ? { origins: JSON.stringify(patch.origins) } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
        ...(patch.webhookUrl !== undefined ? { webhook_url: patch.webhookUrl } : {}),
        ...(patch.votes !== undefined ? { votes: patch.votes } : {}),
        ...(patch.allowAnonymous !== undefined ? { allow_anonymous: patch.allowAnonymous ? 1 : 0 } : {}),
        ...(patch.maxDepth !== undefined ? { max_depth: patch.maxDepth } : {}),
        ...(patch.look !== undefined ? { look: JSON.stringify(patch.look) } : {}),
      };
      // The check sees the row as it is inside the write's transaction (locked on PostgreSQL;
      // SQLite has one writer), so nothing can change between what it approves and what is stored.
      return withTransaction(store, async (trx) => {
        const query = trx.selectFrom("sites").selectAll().where("id", "=", id);
        const r = await (store.dialect === "postgres" ? query.forUpdate() : query).executeTakeFirst();
        if (!r) throw new DomainError("not_found", `Site ${id} does not exist.`);
        check?.(toSite(r));
        if (Object.keys(set).length > 0) await trx.updateTable("sites").set(set).where("id", "=", id).execute();
        return toSite({ ...r, ...set });
      });
    },
    async setSiteSecret(id, secret) {
      await db.updateTable("sites").set({ secret }).where("id", "=", id).execute();
    },
    changeModerationSettings(id, change) {
      return withTransaction(store, async (trx) => {
        const query = trx.selectFrom("sites").select("moderation").where("id", "=", id);
        const r = await (store.dialect === "postgres" ? query.forUpdate() : query).executeTakeFirst();
        if (!r) throw new DomainError("not_found", `Site ${id} does not exist.`);
        const after = change(parseModerationSettings(parseJson(r.moderation)));
        await trx.updateTable("sites").set({ moderation: JSON.stringify(after) }).where("id", "=", id).execute();
        return after;
      });
    },
  };
}

/**
 * Sites read once and kept: every posted comment needs its site's settings, and they change only
 * through this store's writes (which drop the copies here) or on another node, whose
 * `site.changed` event reaches this one through the bus (call `forget`). Kept at most `ttlMs`
 * anyway, in case an event was lost.
 */
export function makeCachedSiteStore(inner: SiteStore, now: () => number, ttlMs = 5000): SiteStore & { forget(): void } {
  const kept = new Map<number, { site: Promise<Site>; until: number }>();
  const byKey = new Map<string, { site: Promise<Site | undefined>; until: number }>();
  const forget = () => {
    kept.clear();
    byKey.clear();
  };
  const writing = async <T>(write: () => Promise<T>): Promise<T> => {
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  };
  return {
    getSite(id) {
      const hit = kept.get(id);
      if (hit && hit.until > now()) return hit.site;
      const site = inner.getSite(id);
      kept.set(id, { site, until: now() + ttlMs });
      site.catch(() => kept.delete(id));
      return site;
    },
    findSiteByKey(key) {
      const hit = byKey.get(key);
      if (hit && hit.until > now()) return hit.site;
      const site = inner.findSiteByKey(key);
      // Unknown keys are not kept: anyone can send any key, and the map must not grow with them.
      void site.then((s) => (s ? byKey.set(key, { site, until: now() + ttlMs }) : undefined), () => undefined);
      return site;
    },
    listSites: () => inner.listSites(),
    getSiteSecret: (id) => inner.getSiteSecret(id),
    insertSite: (site, createdAt) => writing(() => inner.insertSite(site, createdAt)),
    updateSite: (id, patch, check) => writing(() => inner.updateSite(id, patch, check)),
    setSiteSecret: (id, secret) => writing(() => inner.setSiteSecret(id, secret)),
    changeModerationSettings: (id, change) => writing(() => inner.changeModerationSettings(id, change)),
    forget,
  };
}
