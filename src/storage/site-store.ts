import type { SiteStore } from "../domain/sites/site.js";
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
