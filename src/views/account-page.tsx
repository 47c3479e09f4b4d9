import { can } from "../domain/users/policies.js";
import type { User } from "../domain/users/user.js";
import type { SubscriptionListing } from "../domain/notifications/subscriptions.js";

/** The intervals staff may choose between mails about the moderation queue. */
export const QUEUE_NOTICE_MINUTES: readonly number[] = [15, 30, 60, 240, 1440];
const INTERVAL_TEXT: Record<number, string> = { 15: "every 15 minutes", 30: "every 30 minutes", 60: "every hour", 240: "every 4 hours", 1440: "once a day" };

/** Who is signed in, their notifications, the password form, and signing out. */
export function AccountPage(p: {
  user: User;
  csrfToken: string;
  error?: { field?: string | undefined; message: string } | undefined;
  notice?: string | undefined;
  subscriptions?: readonly SubscriptionListing[] | undefined;
  /** Staff only: their queue notice interval (null: none); undefined for readers. */
  queueMinutes?: number | null | undefined;
}) {
  const invalid = (field: string) => (p.error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "password-error" } : {});
  return (
    <div class="account-page">
      <h1>Your account</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      <p>
        Signed in as <bdi>{p.user.displayName}</bdi> ({p.user.email}), <span class="role">{p.user.role}</span>.
      </p>
      {p.user.emailVerified ? null : (
        <form method="post" action="/account/verify/resend" class="notice unverified">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          Your address is not confirmed yet: open the link we mailed you. <button type="submit" class="secondary">Send the link again</button>
        </form>
      )}
      {can.writePosts(p.user) || can.viewReaderStatistics(p.user) || can.moderateComments(p.user) ? (
        <p>
          {can.writePosts(p.user) ? <a href="/editor">Posts</a> : null} {can.viewReaderStatistics(p.user) ? <a href="/editor/stats">Reader statistics</a> : null}{" "}
          {can.moderateComments(p.user) ? <a href="/moderation">Moderation queue</a> : null} {can.viewMail(p.user) ? <a href="/admin/mail">Mail</a> : null}{" "}
          {can.useApiTokens(p.user) ? <a href="/account/tokens">API tokens</a> : null} {can.manageUsers(p.user) ? <a href="/admin/users">Accounts</a> : null}{" "}
          {can.manageSites(p.user) ? <a href="/admin/sites">Sites</a> : null} {can.importContent(p.user) ? <a href="/admin/import">Import</a> : null}{" "}
          {can.configureSite(p.user) ? <a href="/admin/settings">Site settings</a> : null}
        </p>
      ) : null}
      <section class="account-subscriptions">
        <h3>Your notifications</h3>
        {p.error?.field === "subscription" ? <p class="form-error" role="alert">{p.error.message}</p> : null}
        {(p.subscriptions ?? []).length === 0 ? (
          <p>You follow no discussion. Tick “E-mail me when someone replies” under a comment, or follow a discussion below its comments.</p>
        ) : (
          <ul>
            {(p.subscriptions ?? []).map((s) => (
              <li>
                <a href={s.href}>{s.title}</a>: {s.commentId === null ? "every new comment" : "replies to your comment"}, {s.confirmedAt === null ? "waiting for your address to be confirmed" : s.digest ? "in a daily digest" : "one e-mail each"}{" "}
                <form method="post" action={`/account/subscriptions/${s.id}`} class="inline">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" name="digest" value={s.digest ? "0" : "1"} class="secondary">
                    {s.digest ? "One e-mail each instead" : "A daily digest instead"}
                  </button>{" "}
                  <button type="submit" name="stop" value="1" class="secondary">
                    Stop
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      {p.queueMinutes !== undefined ? (
        <form method="post" action="/account/queue-notices" class="comment-form">
          <h3>The moderation queue</h3>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.error?.field === "minutes" ? <p class="form-error" role="alert">{p.error.message}</p> : null}
          <label for="queue-minutes">E-mail me when comments wait for review</label>
          <select id="queue-minutes" name="minutes">
            <option value="" selected={p.queueMinutes === null}>
              never
            </option>
            {QUEUE_NOTICE_MINUTES.map((m) => (
              <option value={String(m)} selected={p.queueMinutes === m}>
                at most {INTERVAL_TEXT[m]}
              </option>
            ))}
          </select>{" "}
          <button type="submit">Save</button>
        </form>
      ) : null}
      <form method="post" action="/account/password" class="comment-form">
        <h3>Change your password</h3>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.error && (p.error.field === undefined || p.error.field === "currentPassword" || p.error.field === "newPassword") ? <p class="form-error" role="alert" id="password-error">{p.error.message}</p> : null}
        <label for="current-password">Current password</label>
        <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required maxLength={1024} {...invalid("currentPassword")} />
        <label for="new-password">New password (at least 12 characters)</label>
        <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minLength={12} maxLength={1024} {...invalid("newPassword")} />
        <button type="submit">Change password</button>
      </form>
      <form method="post" action="/account/name" class="comment-form">
        <h3>Your name</h3>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.error?.field === "displayName" ? <p class="form-error" role="alert" id="name-error">{p.error.message}</p> : null}
        <label for="account-name">Name shown with new comments</label>
        <input id="account-name" name="displayName" required maxLength={60} value={p.user.displayName} autocomplete="nickname" {...invalid("displayName")} />
        <button type="submit">Change the name</button>
      </form>
      <form method="post" action="/account/email" class="comment-form">
        <h3>Your e-mail address</h3>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.error?.field === "email" || p.error?.field === "emailPassword" ? <p class="form-error" role="alert" id="email-error">{p.error.message}</p> : null}
        <label for="account-email">New address (it takes effect when you open the link we send to it)</label>
        <input id="account-email" name="email" type="email" required maxLength={254} autocomplete="email" {...invalid("email")} />
        <label for="account-email-password">Current password</label>
        <input id="account-email-password" name="password" type="password" required maxLength={1024} autocomplete="current-password" />
        <button type="submit">Change the address</button>
      </form>
      <section class="account-data">
        <h3>Your data</h3>
        <p>
          <a href="/account/data.json" download="broadsheet-account.json">Download my data</a> (your account, every comment you wrote, your notifications), as JSON.
        </p>
      </section>
      {p.user.role === "commenter" ? (
        <form method="post" action="/account/delete" class="comment-form danger">
          <h3>Delete my account</h3>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.error?.field === "comments" || p.error?.field === "deletePassword" ? <p class="form-error" role="alert" id="delete-error">{p.error.message}</p> : null}
          <fieldset>
            <legend>Your comments</legend>
            <label>
              <input type="radio" name="comments" value="anonymise" required /> stay, shown as “Anonymous”
            </label>
            <label>
              <input type="radio" name="comments" value="remove" /> are removed (“removed by the author”; their numbers stay)
            </label>
          </fieldset>
          <label for="delete-password">Current password</label>
          <input id="delete-password" name="password" type="password" required maxLength={1024} autocomplete="current-password" />
          <button type="submit" class="danger">Delete my account for good</button>
        </form>
      ) : null}
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <button type="submit" class="secondary">Sign out</button>
      </form>
    </div>
  );
}
