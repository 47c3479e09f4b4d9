import { sql } from "kysely";
import type { Score, VoteStore } from "../../domain/votes/vote.js";
import { withTransaction, type Store } from "../db.js";
import { tallyChange } from "./tally-change.js";

/** PostgreSQL locks the comment's row first, so concurrent votes of one reader apply one after the other. */
export function postgresSetVote(store: Store): VoteStore["setVote"] {
  return (commentId, voterKey, value, now) =>
    withTransaction(store, async (trx) => {
      await sql`select id from comments where id = ${commentId} for update`.execute(trx);
      const before = (await sql<{ value: number }>`select value from comment_votes where comment_id = ${commentId} and voter_key = ${voterKey}`.execute(trx)).rows[0];
      const old = before ? Number(before.value) : 0;
      if (value === 0) await sql`delete from comment_votes where comment_id = ${commentId} and voter_key = ${voterKey}`.execute(trx);
      else if (before) await sql`update comment_votes set value = ${value} where comment_id = ${commentId} and voter_key = ${voterKey}`.execute(trx);
      else await sql`insert into comment_votes (comment_id, voter_key, value, created_at) values (${commentId}, ${voterKey}, ${value}, ${now})`.execute(trx);
      const d = tallyChange(old, value);
      const r = await sql<{ upvotes: number; downvotes: number }>`update comments set upvotes = upvotes + ${d.up}, downvotes = downvotes + ${d.down} where id = ${commentId} returning upvotes, downvotes`.execute(trx);
      const row = r.rows[0];
      return { up: Number(row?.upvotes ?? 0), down: Number(row?.downvotes ?? 0), mine: value } satisfies Score;
    });
}
