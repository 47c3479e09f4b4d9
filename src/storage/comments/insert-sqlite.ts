import { sql, type Kysely } from "kysely";
import { DomainError } from "../../domain/shared/errors.js";
import type { Comment } from "../../domain/comments/comment.js";
import type { NewComment } from "../../domain/comments/ports.js";
import { queueNotifications } from "../reply-notifications.js";
import { queueWebhookEvent } from "../webhook-events.js";
import { authorKeyOf, contribution } from "../author-stats.js";
import type { Database } from "../schema.js";
import { newCommentRow, PUBLIC_COLUMNS, toComment, type CommentRow } from "./rows.js";

/**
 * SQLite: numbering a comment, counting it in its thread, storing it and counting it in its
 * author's tally, in the caller's transaction (a group commit's savepoint). Written with the `sql`
 * tag, one text per statement and so one prepared statement each: it runs for every comment, and
 * the query builder's work had become the largest CPU item of posting.
 */
export async function insertInTransaction(trx: Kysely<Database>, c: NewComment): Promise<Comment> {
  const r = newCommentRow(c);
  const [published, rejected] = contribution(c.status);
  // A top-level comment takes the thread's next number; a reply its parent's next child number.
  const numbered =
    c.parentId === null
      ? await sql<{ number: number; number_path: string; root_number: number }>`
          update threads set last_number = last_number + 1, comment_count = comment_count + ${published}, version = version + 1
          where id = ${c.threadId} returning last_number as number, cast(last_number as text) as number_path, last_number as root_number`.execute(trx)
      : await sql<{ number: number; number_path: string; root_number: number }>`
          update comments set last_child_number = last_child_number + 1 where id = ${c.parentId} and thread_id = ${c.threadId}
          returning last_child_number as number, number_path || '.' || last_child_number as number_path, root_number`.execute(trx);
  const n = numbered.rows[0];
  if (!n) throw new DomainError("not_found", c.parentId === null ? "This discussion does not exist." : "The comment you replied to does not exist.");
  if (c.parentId !== null) await sql`update threads set comment_count = comment_count + ${published}, version = version + 1 where id = ${c.threadId}`.execute(trx);
  const { rows } = await sql<CommentRow>`
    insert into comments (thread_id, parent_id, number, number_path, root_number, replying_to_id, author_name, author_website,
      author_user_id, body_source, body_html, status, created_at, edit_token_hash, network_hash, fingerprint, screening, spam_score)
    values (${r.thread_id}, ${r.parent_id}, ${Number(n.number)}, ${n.number_path}, ${Number(n.root_number)}, ${r.replying_to_id}, ${r.author_name}, ${r.author_website},
      ${r.author_user_id}, ${r.body_source}, ${r.body_html}, ${r.status}, ${r.created_at}, ${r.edit_token_hash}, ${r.network_hash},
      ${r.fingerprint}, ${r.screening}, ${r.spam_score})
    returning ${sql.join(PUBLIC_COLUMNS.map((col) => sql.ref(col)))}`.execute(trx);
  const id = Number((rows[0] as CommentRow).id);
  if (c.status === "published") await queueNotifications(trx, [id], c.createdAt);
  await queueWebhookEvent(trx, id, "comment.created", c.createdAt);
  await sql`
    insert into author_stats (author_key, total, published, rejected, first_seen)
    values (${authorKeyOf({ author_user_id: c.authorUserId, network_hash: c.networkHash })}, 1, ${published}, ${rejected}, ${c.createdAt})
    on conflict (author_key) do update set total = author_stats.total + 1,
      published = author_stats.published + excluded.published, rejected = author_stats.rejected + excluded.rejected`.execute(trx);
  return toComment(rows[0] as CommentRow);
}
