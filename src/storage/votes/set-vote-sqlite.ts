import type SQLite from "better-sqlite3";
import type { Score, VoteStore } from "../../domain/votes/vote.js";
import type { GroupCommit } from "../group-commit.js";
import { tallyChange } from "./tally-change.js";

/**
 * SQLite: a vote is the hottest write there is, so its statements run synchronously on the
 * connection (prepared once) inside a group commit's job, with no query building per vote.
 */
export function sqliteSetVote(db: SQLite.Database, group: GroupCommit): VoteStore["setVote"] {
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
