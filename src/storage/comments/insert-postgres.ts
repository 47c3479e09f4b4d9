import { sql, type Kysely } from "kysely";
import { DomainError } from "../../domain/shared/errors.js";
import type { Comment } from "../../domain/comments/comment.js";
import type { NewComment } from "../../domain/comments/ports.js";
import { notificationCte } from "../reply-notifications.js";
import { webhookEventCte } from "../webhook-events.js";
import { authorKeyOf, contribution } from "../author-stats.js";
import type { Database } from "../schema.js";
import { newCommentRow, PUBLIC_COLUMNS, toComment, type CommentRow } from "./rows.js";

/**
 * PostgreSQL: numbering a comment, counting it in its thread, storing it and counting it in its
 * author's tally, as one statement (data-modifying WITH) instead of a five-round-trip transaction.
 * One statement is atomic, and the row it numbers from (the thread's, or the parent's for a reply)
 * is locked for that one statement only, ordering concurrent posts as the transaction did. Written
 * with the `sql` tag, not the query builder: it runs for every comment, and building the same
 * 20-column statement anew cost more CPU than the rest of the request's SQL.
 */
export async function insertInOneStatement(db: Kysely<Database>, c: NewComment): Promise<Comment> {
  const r = newCommentRow(c);
  const [published, rejected] = contribution(c.status);
  const key = authorKeyOf({ author_user_id: c.authorUserId, network_hash: c.networkHash });
  // A top-level comment takes the thread's next number; a reply its parent's next child number.
  const numbering =
    c.parentId === null
      ? sql`numbered as (
          update threads set last_number = last_number + 1, comment_count = comment_count + ${published}, version = version + 1
          where id = ${c.threadId} returning last_number as number, last_number::text as number_path, last_number as root_number
        )`
      : sql`numbered as (
          update comments set last_child_number = last_child_number + 1 where id = ${c.parentId} and thread_id = ${c.threadId}
          returning last_child_number as number, number_path || '.' || last_child_number as number_path, root_number
        ), thread as (
          update threads set comment_count = comment_count + ${published}, version = version + 1 where id = ${c.threadId} and exists (select 1 from numbered)
          returning id
        )`;
  // The parts of a data-modifying WITH run in no promised order; the author's tally is made to wait
  // for the thread's row (it reads from what locked it), so every post locks the thread, then the
  // tally. Two posts taking them in opposite orders deadlocked (see retry-deadlock.ts).
  const threadLocked = c.parentId === null ? sql`numbered` : sql`thread`;
  const { rows } = await sql<CommentRow>`
    with ${numbering}, counted as (
      insert into author_stats (author_key, total, published, rejected, first_seen)
      select ${key}, 1, ${published}, ${rejected}, ${c.createdAt} from ${threadLocked}
      on conflict (author_key) do update set total = author_stats.total + 1,
        published = author_stats.published + excluded.published, rejected = author_stats.rejected + excluded.rejected
      returning author_key
    )
    , inserted as (
    insert into comments (thread_id, parent_id, number, number_path, root_number, replying_to_id, author_name, author_website,
      author_user_id, body_source, body_html, status, created_at, edit_token_hash, network_hash, fingerprint, screening, spam_score)
    select ${r.thread_id}, ${r.parent_id}::integer, number, number_path, root_number, ${r.replying_to_id}::integer, ${r.author_name}, ${r.author_website},
      ${r.author_user_id}::integer, ${r.body_source}, ${r.body_html}, ${r.status}, ${r.created_at}, ${r.edit_token_hash}, ${r.network_hash},
      ${r.fingerprint}, ${r.screening}, ${r.spam_score}::double precision
    from numbered
    returning *
    ), ${notificationCte(c.createdAt)}, ${webhookEventCte("comment.created", c.createdAt)}
    select ${sql.join(PUBLIC_COLUMNS.map((col) => sql.ref(col)))} from inserted`.execute(db);
  // No row numbered: the thread, or the parent within it, is gone (the use case checked both just before).
  if (!rows[0]) throw new DomainError("not_found", c.parentId === null ? "This discussion does not exist." : "The comment you replied to does not exist.");
  return toComment(rows[0]);
}
