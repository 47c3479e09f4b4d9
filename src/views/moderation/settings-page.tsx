import type { ScalarSetting } from "../../domain/moderation/settings.js";
import { PageHead } from "./page-head.js";
import { SiteTabs } from "../site-tabs.js";

export interface SettingsPageProps {
  readonly values: Record<ScalarSetting, string | boolean>;
  readonly csrfToken: string;
  readonly notice?: string | undefined;
  readonly error?: { message: string; field?: string | undefined } | undefined;
  /** Every site (our blog and the embedding ones): settings are per site. */
  readonly sites: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly siteId: number;
  /** The version of the settings this form was opened on, sent back so a save over someone else's is refused. */
  readonly basedOn: string;
}

/** The site's moderation settings (admins only). */
export function SettingsPage({ values: v, csrfToken, notice, error, sites, siteId, basedOn }: SettingsPageProps) {
  const bad = (field: ScalarSetting) => (error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "settings-error" } : {});
  const num = (field: ScalarSetting, label: string, hint: string, step = "1") => (
    <p class="field">
      <label for={`s-${field}`}>{label}</label> <input id={`s-${field}`} name={field} type="number" step={step} value={String(v[field])} {...bad(field)} />{" "}
      <span class="hint">{hint}</span>
    </p>
  );
  const box = (field: ScalarSetting, label: string) => (
    <p class="field">
      <label>
        <input type="checkbox" name={field} value="1" checked={v[field] === true} /> {label}
      </label>
    </p>
  );
  return (
    <div class="moderation editor">
      <PageHead title="Moderation settings" notice={notice} error={error?.message} errorId="settings-error" />
      <SiteTabs sites={sites} current={siteId} href={(id) => `/moderation/settings?site=${id}`} />
      <form method="post" action={`/moderation/settings?site=${siteId}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="basedOn" value={basedOn} />
        <p class="field">
          <label for="s-commentMode">Comments on this site</label>{" "}
          <select id="s-commentMode" name="commentMode" {...bad("commentMode")}>
            {[
              ["open", "Open: published at once, after screening"],
              ["moderated", "Moderated: every comment waits for approval"],
              ["closed", "Closed: read-only"],
              ["hidden", "Hidden: no comments shown"],
            ].map(([value, label]) => (
              <option value={value} selected={v.commentMode === value}>{label}</option>
            ))}
          </select>{" "}
          <span class="hint">The stricter of this and a post's own setting applies.</span>
        </p>
        {box("premoderateAll", "Emergency: hold every new comment for review")}
        {box("trustApprovedAuthors", "Approve once, then trust: while the whole site is moderated, commenters with a published comment skip the hold (posts set to hold comments still hold everyone)")}
        {box("holdFirstComments", "Hold the first comment of every new commenter")}
        {num("autoCloseDays", "Close discussions after (days)", "0 keeps them open")}
        {num("holdLinksFromNewAt", "Hold comments with this many links", "from commenters without a published comment")}
        <p class="field">
          <label for="s-profanityAction">Profanity and slurs</label>{" "}
          <select id="s-profanityAction" name="profanityAction" {...bad("profanityAction")}>
            {[
              ["hold", "Hold for review"],
              ["reject", "File as spam"],
              ["off", "Allow"],
            ].map(([value, label]) => (
              <option value={value} selected={v.profanityAction === value}>{label}</option>
            ))}
          </select>
        </p>
        <p class="hint">
          Words and phrases of this site's own, in any language: <a href={`/moderation/words?site=${siteId}`}>Words and phrases</a>.
        </p>
        {num("reportsToHide", "Hide a comment after reports from", "distinct readers, until a moderator looks")}
        {num("duplicateWindowMinutes", "Hold repeated text within (minutes)", "0 turns the check off")}
        {num("spamHoldAt", "Hold when the spam score reaches", "between 0 and 1, e.g. 0.8", "0.01")}
        {num("spamRejectAt", "File as spam when the score reaches", "between 0 and 1, e.g. 0.99", "0.001")}
        <button type="submit">Save settings</button>
      </form>
    </div>
  );
}
