import type { Selectable } from "kysely";
import { DomainError, savedMeanwhile } from "../domain/shared/errors.js";
import type { StaticPage, StaticPageStore } from "../domain/pages/static-page.js";
import { isUniqueViolation, type Store } from "./db.js";
import type { StaticPagesTable } from "./schema.js";

function toPage(r: Selectable<StaticPagesTable>): StaticPage {
  return {
    id: Number(r.id),
    siteId: Number(r.site_id),
    slug: r.slug,
    title: r.title,
    bodySource: r.body_source,
    bodyHtml: r.body_html,
    inNav: Number(r.in_nav) === 1,
    position: Number(r.position),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function makeStaticPageStore({ db }: Store): StaticPageStore {
  return {
    async listPages(siteId) {
      return (await db.selectFrom("static_pages").selectAll().where("site_id", "=", siteId).orderBy("position").orderBy("id").execute()).map(toPage);
    },
    async findPage(siteId, slug) {
      const r = await db.selectFrom("static_pages").selectAll().where("site_id", "=", siteId).where("slug", "=", slug).executeTakeFirst();
      return r && toPage(r);
    },
    async findPageById(id) {
      const r = await db.selectFrom("static_pages").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toPage(r);
    },
    async savePage(siteId, f, at, id, expectedUpdatedAt) {
      const values = { slug: f.slug, title: f.title, body_source: f.bodySource, body_html: f.bodyHtml, in_nav: f.inNav ? 1 : 0, position: f.position, updated_at: at };
      try {
        const r =
          id === undefined
            ? await db.insertInto("static_pages").values({ ...values, site_id: siteId, created_at: at }).returningAll().executeTakeFirstOrThrow()
            : await db
                .updateTable("static_pages")
                .set(values)
                .where("id", "=", id)
                // The check and the write in one statement, as for posts.
                .$if(expectedUpdatedAt !== undefined, (q) => q.where("updated_at", "=", expectedUpdatedAt as number))
                .returningAll()
                .executeTakeFirst();
        if (!r) throw savedMeanwhile("page");
        return toPage(r);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DomainError("conflict", `Another page already lives at /pages/${f.slug}. Choose another address.`, "slug");
        throw err;
      }
    },
    async deletePage(id) {
      await db.deleteFrom("static_pages").where("id", "=", id).execute();
    },
  };
}
