import { sql, type Kysely, type RawBuilder } from "kysely";
import type { WebhookEventType } from "../domain/webhooks/webhook.js";
import type { Database } from "./schema.js";

/**
 * The webhook events a change to comments causes: one row per comment whose site has an endpoint,
 * in the caller's transaction (see migration 022). `source` is the changed comments' rows: `comments`
 * by id, or a CTE's rows. A site without an endpoint costs one indexed look-up and writes nothing.
 */
function eventRowsFor(source: RawBuilder<unknown>, event: WebhookEventType, at: number): RawBuilder<unknown> {
  return sql`insert into webhook_events (site_id, comment_id, event, at)
    select t.site_id, c.id, ${event}, ${at}
    from ${source} join threads t on t.id = c.thread_id join sites s on s.id = t.site_id
    where s.webhook_url is not null`;
}

export async function queueWebhookEvent(db: Kysely<Database>, commentId: number, event: WebhookEventType | undefined, at: number): Promise<void> {
  if (event === undefined) return;
  await eventRowsFor(sql`(select id, thread_id from comments where id = ${commentId}) c`, event, at).execute(db);
}

/**
 * For every comment of an account being deleted (before its comments change): "removed" for those
 * that become tombstones, "edited" for those that lose their author's name — a site that mirrors
 * its comments must drop the name too.
 */
export async function queueWebhookEventsOfAuthor(db: Kysely<Database>, userId: number, statuses: readonly string[], event: WebhookEventType, at: number): Promise<void> {
  await eventRowsFor(sql`(select id, thread_id from comments where author_user_id = ${userId} and status in (${sql.join(statuses)})) c`, event, at).execute(db);
}

/** PostgreSQL's one-statement insert: the same, as a data-modifying CTE over the `inserted` CTE. */
export function webhookEventCte(event: WebhookEventType, at: number): RawBuilder<unknown> {
  return sql`hooked as (${eventRowsFor(sql`inserted c`, event, at)})`;
}
