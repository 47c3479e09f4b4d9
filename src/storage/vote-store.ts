import type { VoteStore } from "../domain/votes/vote.js";
import type { Store } from "./db.js";
import { postgresSetVote } from "./votes/set-vote-postgres.js";
import { sqliteSetVote } from "./votes/set-vote-sqlite.js";

/**
 * Votes and their tallies, moved together in one transaction. The vote's key (comment, voter) is
 * the table's primary key, so fifty votes at once from one reader leave one vote; the tallies move
 * by the difference the vote made. PostgreSQL locks the comment's row first, so concurrent votes
 * of one reader are applied one after the other.
 */
export function makeVoteStore(store: Store): VoteStore {
  return {
    setVote: store.sqlite && store.group ? sqliteSetVote(store.sqlite, store.group) : postgresSetVote(store),
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
