import type { PublicComment } from "../http/schemas/comment.js";
import { REPORT_REASONS } from "../domain/moderation/report.js";
import { CommentItem } from "./comment-item.js";

export interface ReportPageProps {
  readonly comment: PublicComment;
  /** Where the discussion is read (our post page, or the embedding site's page), without the anchor. */
  readonly discussionUrl: string;
  readonly csrfToken: string;
  readonly now: number;
  readonly error?: string | undefined;
  readonly done?: boolean | undefined;
}

/** Report one comment to the moderators, with a reason. The reader never learns about other reports. */
export function ReportPage(p: ReportPageProps) {
  const back = `${p.discussionUrl}#${p.comment.anchor}`;
  if (p.done) {
    return (
      <div class="message-page">
        <h1>Thank you</h1>
        <p>A moderator will look at comment #{p.comment.path}.</p>
        <p>
          <a href={back}>Back to the discussion</a>
        </p>
      </div>
    );
  }
  return (
    <div class="report-page">
      <h1>Report comment #{p.comment.path}</h1>
      <ol class="comment-list">
        <CommentItem comment={p.comment} now={p.now} canReply={false} />
      </ol>
      {p.error ? <p class="form-error" role="alert">{p.error}</p> : null}
      <form method="post" action={`/comments/${p.comment.id}/report`}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <fieldset>
          <legend>What is wrong with it?</legend>
          {Object.entries(REPORT_REASONS).map(([value, label]) => (
            <label class="choice">
              <input type="radio" name="reason" value={value} required /> {label}
            </label>
          ))}
        </fieldset>
        <button type="submit">Send report</button> <a href={back}>Cancel</a>
      </form>
    </div>
  );
}
