import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { VoteMode } from "../domain/sites/site.js";
import { slot } from "./slot.js";

/**
 * Votes as a rendering shows them: the site's mode, and whether scores are slots the server fills
 * per request (cached pages) rather than numbers written in (pages drawn in the browser).
 */
export const Votes = createContext<{ readonly mode: VoteMode; readonly slots: boolean }>({ mode: "none", slots: false });

/**
 * A comment's vote buttons and score. Without JavaScript the buttons post the form and the page
 * comes back at the comment; pressing the same button again takes the vote back.
 */
export function VoteForm(p: { commentId: number; up: string; down: string; like: string }) {
  const votes = useContext(Votes);
  if (votes.mode === "none") return null;
  const score = votes.slots ? slot(`v${p.commentId}`) : "0";
  return (
    <form class="vote" method="post" action={`/comments/${p.commentId}/vote`} data-vote-form="">
      <button type="submit" name="value" value="1" class="vote-up" aria-label={votes.mode === "like" ? p.like : p.up}>
        {votes.mode === "like" ? "♥" : "▲"}
      </button>
      <span class="score" data-score="">{score}</span>
      {votes.mode === "updown" ? (
        <button type="submit" name="value" value="-1" class="vote-down" aria-label={p.down}>
          ▼
        </button>
      ) : null}
    </form>
  );
}
