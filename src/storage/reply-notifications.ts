import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "./schema.js";

/**
 * The outbox rows a published comment causes: one per confirmed subscription to its thread, to the
 * comment it sits under, or to the comment it answers — not to its own author's — at most once per
 * subscription and comment (a unique index: approving twice sends nothing twice). Written in the
 * transaction that publishes the comment; rendered when sent, so a comment removed meanwhile is
 * never announced. A subscription with a daily digest gets its row held ('digest', see
 * digest-store.ts). `source` is the published comment's row: `comments` by id, or a CTE's rows.
 */
function outboxRowsFor(source: RawBuilder<unknown>, now: number): RawBuilder<unknown> {
  return sql`insert into outbox (kind, site_id, to_address, subscription_id, comment_id, created_at, next_attempt_at, status)
    select case when s.comment_id is null then 'thread-comment' else 'reply' end, s.site_id, s.email, s.id, c.id, ${now}, ${now}, case when s.digest = 1 then 'digest' else 'pending' end
    from ${source} join subscriptions s on s.thread_id = c.thread_id and (s.comment_id is null or s.comment_id = c.parent_id or s.comment_id = c.replying_to_id)
    where c.status = 'published' and s.confirmed_at is not null and (s.user_id is null or c.author_user_id is null or s.user_id <> c.author_user_id)
    on conflict (subscription_id, comment_id) where subscription_id is not null and comment_id is not null do nothing`;
}

/** For comments that are published now (posted, approved, restored), in the caller's transaction. */
export async function queueNotifications(db: Kysely<Database>, commentIds: readonly number[], now: number): Promise<void> {
  if (commentIds.length === 0) return;
  // Only the columns the rows need: `select *` carried each comment's bodies (2–3 × the time, alone).
  await outboxRowsFor(sql`(select id, thread_id, parent_id, replying_to_id, status, author_user_id from comments where id in (${sql.join(commentIds)})) c`, now).execute(db);
}

/** PostgreSQL's one-statement insert: the same, as a data-modifying CTE over the `inserted` CTE. */
export function notificationCte(now: number): RawBuilder<unknown> {
  return sql`notified as (${outboxRowsFor(sql`inserted c`, now)})`;
}
