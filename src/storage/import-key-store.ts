import type { ImportKeyStore } from "../domain/imports/run-import.js";
import type { Store } from "./db.js";

export function makeImportKeyStore({ db }: Store): ImportKeyStore {
  return {
    async findImported(siteId, kind, source, originalId) {
      const r = await db
        .selectFrom("import_keys")
        .select("target_id")
        .where("site_id", "=", siteId)
        .where("kind", "=", kind)
        .where("source", "=", source)
        .where("original_id", "=", originalId)
        .executeTakeFirst();
      return r ? Number(r.target_id) : undefined;
    },
    async recordImported(siteId, kind, source, originalId, targetId, at) {
      await db.insertInto("import_keys").values({ site_id: siteId, kind, source, original_id: originalId, target_id: targetId, imported_at: at }).execute();
    },
  };
}
