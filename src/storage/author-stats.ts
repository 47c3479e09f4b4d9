import type { Kysely } from "kysely";
import type { CommentStatus } from "../domain/comments/comment.js";
import type { Database } from "./schema.js";

/**
 * Per-author tallies kept beside the comments, changed in the same transaction as every status
 * change, so screening reads an author's record with one key lookup however much they wrote.
 */
export function authorKeyOf(row: { author_user_id: number | null; network_hash: string | null }): string {
  return row.author_user_id !== null ? `user:${Number(row.author_user_id)}` : `net:${row.network_hash ?? ""}`;
}

const isRejected = (s: string | null | undefined) => s === "spam" || s === "removed_by_moderator";

/** What one comment in this status contributes: [published, rejected]. */
export function contribution(status: CommentStatus | string | null | undefined): [number, number] {
  return [status === "published" ? 1 : 0, isRejected(status) ? 1 : 0];
}

/** Moves one comment's contribution from its old status to its new one. */
export async function countStatusChange(trx: Kysely<Database>, key: string, from: string | null | undefined, to: string): Promise<void> {
  const [p0, r0] = contribution(from);
  const [p1, r1] = contribution(to);
  if (p0 === p1 && r0 === r1) return;
  await trx
    .updateTable("author_stats")
    .set((eb) => ({ published: eb("published", "+", p1 - p0), rejected: eb("rejected", "+", r1 - r0) }))
    .where("author_key", "=", key)
    .execute();
}
