import type { CommentStatus } from "../domain/comments/comment.js";
import type { VotedComment, VoteStore } from "../domain/votes/vote.js";

type CommentRow = { id: number | string; thread_id: number | string; status: string; author_user_id: number | string | null };

const votedOf = (r: CommentRow): VotedComment => ({ id: Number(r.id), threadId: Number(r.thread_id), status: r.status as CommentStatus, authorUserId: r.author_user_id === null ? null : Number(r.author_user_id) });
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
  const sqlite = store.sqlite;
  return {
    // better-sqlite3 straight (the statement kept by db.ts's cache): a vote should not pay for
    // building this query every time; PostgreSQL prepares it by name anyway.
    votedComment: sqlite
      ? async (id) => {
          const r = sqlite.prepare("select id, thread_id, status, author_user_id from comments where id = ?").get(id) as CommentRow | undefined;
          return r && votedOf(r);
        }
      : async (id) => {
          const r = await store.db.selectFrom("comments").select(["id", "thread_id", "status", "author_user_id"]).where("id", "=", id).executeTakeFirst();
          return r && votedOf(r);
        },
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
