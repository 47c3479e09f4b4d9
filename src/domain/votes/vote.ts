import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { isPublished, type Comment } from "../comments/comment.js";
import { getVisibleDiscussion, type FindDiscussionDeps } from "../threads/find-discussion.js";

/** A comment's tallies, and the asking reader's own vote (+1, -1 or 0). */
export interface Score {
  readonly up: number;
  readonly down: number;
  readonly mine: number;
}

/** What a vote needs to know of its comment. */
export type VotedComment = Pick<Comment, "id" | "threadId" | "status" | "authorUserId">;

export interface VoteStore {
  /** The comment a vote is for, read narrowly (a vote is the hottest write: no body, no HTML). */
  votedComment(commentId: number): Promise<VotedComment | undefined>;
  /** Sets (or, with 0, removes) this voter's vote, moving the comment's tallies in the same transaction. */
  setVote(commentId: number, voterKey: string, value: -1 | 0 | 1, now: number): Promise<Score>;
  /** This voter's vote on the comment: +1, -1, or 0 for none. */
  currentVote(commentId: number, voterKey: string): Promise<number>;
  /** The tallies of a thread's comments that have any. */
  scoresOf(threadId: number): Promise<Map<number, { up: number; down: number }>>;
}

export interface VoteDeps extends FindDiscussionDeps {
  readonly votes: VoteStore;
  readonly clock: Clock;
}

/**
 * Who votes: an account ("user:<id>"), or a guest by the view counter's private reader hash of the
 * day for the comment's thread — one vote per reader per comment, no cookie and nothing that
 * follows a reader elsewhere. `owns` says whether the comment is the voter's own (its account, or
 * an edit token this browser holds).
 */
export interface Voter {
  readonly keyFor: (threadId: number) => string;
  readonly owns: (comment: { id: number; authorUserId: number | null }) => boolean;
}

/**
 * A reader votes on a published comment of a discussion they can read, as the site allows: up or
 * down, a "like" (up only), or not at all; 0 takes the vote back. Not on one's own comment.
 */
export async function voteOnComment(deps: VoteDeps, input: { commentId: number; value: number; voter: Voter }): Promise<Score & { threadId: number }> {
  const comment = await deps.votes.votedComment(input.commentId);
  if (!comment || !isPublished(comment)) throw new DomainError("not_found", "There is no such comment.", "commentId").as("commentMissing");
  const { site } = await getVisibleDiscussion(deps, comment.threadId, "commentId");
  if (site.votes === "none") throw new DomainError("forbidden", "Votes are off on this site.", "value").as("votesOff");
  const value = input.value;
  if (value !== 1 && value !== -1 && value !== 0) throw new DomainError("invalid_input", "A vote is 1 (up), -1 (down) or 0 (take it back).", "value").as("voteValue");
  if (site.votes === "like" && value === -1) throw new DomainError("invalid_input", "This site has likes, not down votes.", "value").as("likesOnly");
  if (input.voter.owns(comment)) throw new DomainError("forbidden", "You cannot vote on your own comment.", "commentId").as("ownVote");
  return { ...(await deps.votes.setVote(comment.id, input.voter.keyFor(comment.threadId), value, deps.clock.now())), threadId: comment.threadId };
}

/** The vote this voter has on a comment: +1, -1 or 0 (none, or no such comment). */
export async function currentVoteOf(deps: Pick<VoteDeps, "votes">, commentId: number, voter: Voter): Promise<number> {
  const comment = await deps.votes.votedComment(commentId);
  return comment ? deps.votes.currentVote(commentId, voter.keyFor(comment.threadId)) : 0;
}

/**
 * The lower bound of the Wilson score interval at 95% for up/(up + down): "best" ranks a comment
 * by how sure we can be that readers like it, so 40 up and 5 down beats 2 up and none.
 */
export function wilsonLowerBound(up: number, down: number): number {
  const n = up + down;
  if (n === 0) return 0;
  const z = 1.959964;
  const p = up / n;
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p) + (z * z) / (4 * n)) / n)) / (1 + (z * z) / n);
}

const DAY_MS = 86_400_000;

/**
 * A guest's network has had its day's guest voters on this discussion (see the view counter's
 * guest quota): until the UTC day ends, or signed in.
 */
export function guestVotesUsedUp(now: number): DomainError {
  const wait = Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 1000));
  return new DomainError("rate_limited", "Too many guests have voted on this discussion from your network today. Sign in to vote.", undefined, wait).as("rateLimited", { seconds: wait });
}
