import type { Selectable } from "kysely";
import type { ThreadStore } from "../domain/threads/ports.js";
import type { Thread, ThreadMode } from "../domain/threads/thread.js";
import type { Store } from "./db.js";
import type { ThreadsTable } from "./schema.js";

export function toThread(r: Selectable<ThreadsTable>): Thread {
  return {
    id: Number(r.id),
    siteId: Number(r.site_id),
    mode: r.mode as ThreadMode,
    viewCount: Number(r.view_count),
    commentCount: Number(r.comment_count),
    version: Number(r.version),
    createdAt: Number(r.created_at),
  };
}

export function makeThreadStore({ db }: Store): ThreadStore {
  return {
    async findThread(id) {
      const row = await db.selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toThread(row);
    },
  };
}
