import { sql } from "kysely";
import type { Score, VoteStore } from "../domain/votes/vote.js";
import type SQLite from "better-sqlite3";
import { withTransaction, type Store } from "./db.js";
import type { GroupCommit } from "./group-commit.js";

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

/** How the tallies move when a voter's vote goes from `old` to `value` (each +1, -1 or 0). */
function tallyChange(old: number, value: number): { up: number; down: number } {
  return { up: (value === 1 ? 1 : 0) - (old === 1 ? 1 : 0), down: (value === -1 ? 1 : 0) - (old === -1 ? 1 : 0) };
}

/**
 * SQLite: a vote is the hottest write there is, so its statements run synchronously on the
 * connection (prepared once) inside a group commit's job, with no query building per vote.
 */
function sqliteSetVote(db: SQLite.Database, group: GroupCommit): VoteStore["setVote"] {
  // Prepared at the first vote: the tables exist by then (migrations run after the store opens).
  const prepare = () => ({
    current: db.prepare<[number, string], { value: number }>("select value from comment_votes where comment_id = ? and voter_key = ?"),
    remove: db.prepare<[number, string]>("delete from comment_votes where comment_id = ? and voter_key = ?"),
    change: db.prepare<[number, number, string]>("update comment_votes set value = ? where comment_id = ? and voter_key = ?"),
    add: db.prepare<[number, string, number, number]>("insert into comment_votes (comment_id, voter_key, value, created_at) values (?, ?, ?, ?)"),
    tallies: db.prepare<[number, number, number], { upvotes: number; downvotes: number }>("update comments set upvotes = upvotes + ?, downvotes = downvotes + ? where id = ? returning upvotes, downvotes"),
  });
  let q: ReturnType<typeof prepare> | undefined;
  return (commentId, voterKey, value, now) =>
    group.run(async () => {
      q ??= prepare();
      const before = q.current.get(commentId, voterKey);
      const old = before ? Number(before.value) : 0;
      if (value === 0) q.remove.run(commentId, voterKey);
      else if (before) q.change.run(value, commentId, voterKey);
      else q.add.run(commentId, voterKey, value, now);
      const d = tallyChange(old, value);
      const row = q.tallies.get(d.up, d.down, commentId);
      return { up: Number(row?.upvotes ?? 0), down: Number(row?.downvotes ?? 0), mine: value } satisfies Score;
    });
}

/** PostgreSQL locks the comment's row first, so concurrent votes of one reader apply one after the other. */
function postgresSetVote(store: Store): VoteStore["setVote"] {
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
