import type { Site, SiteStore } from "../domain/sites/site.js";
import { DomainError } from "../domain/shared/errors.js";
import type { Store } from "./db.js";
import { DEFAULT_MODERATION, parseModerationSettings } from "../domain/moderation/settings.js";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export function makeSiteStore({ db }: Store): SiteStore {
  return {
    async getSite(id) {
      const r = await db.selectFrom("sites").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) throw new DomainError("not_found", `Site ${id} does not exist.`);
      return { id: Number(r.id), name: r.name, allowAnonymous: r.allow_anonymous === 1, maxDepth: Number(r.max_depth), moderation: parseModerationSettings(parseJson(r.moderation)) };
    },
    async insertSite(site, createdAt) {
      const r = await db
        .insertInto("sites")
        .values({ name: site.name, allow_anonymous: site.allowAnonymous ? 1 : 0, max_depth: site.maxDepth, created_at: createdAt })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ...site, id: Number(r.id), moderation: DEFAULT_MODERATION };
    },
    async saveModerationSettings(id, settings) {
      await db.updateTable("sites").set({ moderation: JSON.stringify(settings) }).where("id", "=", id).execute();
    },
  };
}

/**
 * Sites read once and kept: every posted comment needs its site's settings, and they change only
 * through `saveModerationSettings` (which drops the copy here) or on another node, whose
 * `site.changed` event reaches this one through the bus (call `forget`). Kept at most `ttlMs`
 * anyway, in case an event was lost.
 */
export function makeCachedSiteStore(inner: SiteStore, now: () => number, ttlMs = 5000): SiteStore & { forget(): void } {
  const kept = new Map<number, { site: Promise<Site>; until: number }>();
  return {
    getSite(id) {
      const hit = kept.get(id);
      if (hit && hit.until > now()) return hit.site;
      const site = inner.getSite(id);
      kept.set(id, { site, until: now() + ttlMs });
      site.catch(() => kept.delete(id));
      return site;
    },
    insertSite: (site, createdAt) => inner.insertSite(site, createdAt),
    async saveModerationSettings(id, settings) {
      kept.delete(id);
      await inner.saveModerationSettings(id, settings);
      kept.delete(id);
    },
    forget: () => kept.clear(),
  };
}
