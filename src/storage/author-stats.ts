import type { Kysely } from "kysely";
import { authorKey } from "../domain/moderation/author.js";
import { contribution } from "../domain/moderation/author-tally.js";
import type { Database } from "./schema.js";

/**
 * Per-author tallies kept beside the comments, changed in the same transaction as every status
 * change, so screening reads an author's record with one key lookup however much they wrote. The
 * key is the domain's (authorKey); a row names its author by these two columns.
 */
export function authorKeyOf(row: { author_user_id: number | null; network_hash: string | null }): string {
  return authorKey(row.author_user_id !== null ? { userId: Number(row.author_user_id) } : { networkHash: row.network_hash ?? "" });
}

/** The domain's tally rule (domain/moderation/author-tally.ts), re-exported for the stores that keep the tallies. */
export { contribution };

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
