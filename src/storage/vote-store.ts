import { sql } from "kysely";
import type { Score, VoteStore } from "../domain/votes/vote.js";
import { withTransaction, type Store } from "./db.js";

/**
 * Votes and their tallies, moved together in one transaction. The vote's key (comment, voter) is
 * the table's primary key, so fifty votes at once from one reader leave one vote; the tallies move
 * by the difference the vote made. PostgreSQL locks the comment's row first, so concurrent votes
 * of one reader are applied one after the other.
 */
export function makeVoteStore(store: Store): VoteStore {
  return {
    setVote: (commentId, voterKey, value, now) =>
      withTransaction(store, async (trx) => {
        if (store.dialect === "postgres") await sql`select id from comments where id = ${commentId} for update`.execute(trx);
        const before = await trx.selectFrom("comment_votes").select("value").where("comment_id", "=", commentId).where("voter_key", "=", voterKey).executeTakeFirst();
        const old = before ? Number(before.value) : 0;
        if (value === 0) await trx.deleteFrom("comment_votes").where("comment_id", "=", commentId).where("voter_key", "=", voterKey).execute();
        else if (before) await trx.updateTable("comment_votes").set({ value }).where("comment_id", "=", commentId).where("voter_key", "=", voterKey).execute();
        else await trx.insertInto("comment_votes").values({ comment_id: commentId, voter_key: voterKey, value, created_at: now }).execute();
        const up = (value === 1 ? 1 : 0) - (old === 1 ? 1 : 0);
        const down = (value === -1 ? 1 : 0) - (old === -1 ? 1 : 0);
        const r = await sql<{ upvotes: number; downvotes: number }>`update comments set upvotes = upvotes + ${up}, downvotes = downvotes + ${down} where id = ${commentId} returning upvotes, downvotes`.execute(trx);
        const row = r.rows[0];
        return { up: Number(row?.upvotes ?? 0), down: Number(row?.downvotes ?? 0), mine: value } satisfies Score;
      }),
    async currentVote(commentId, voterKey) {
      const r = await store.db.selectFrom("comment_votes").select("value").where("comment_id", "=", commentId).where("voter_key", "=", voterKey).executeTakeFirst();
      return r ? Number(r.value) : 0;
    },
    async scoresOf(threadId) {
      const rows = await store.db
        .selectFrom("comments")
        .select(["id", "upvotes", "downvotes"])
        .where("thread_id", "=", threadId)
        .where((eb) => eb.or([eb("upvotes", ">", 0), eb("downvotes", ">", 0)]))
        .execute();
      return new Map(rows.map((r) => [Number(r.id), { up: Number(r.upvotes), down: Number(r.downvotes) }]));
    },
  };
}
