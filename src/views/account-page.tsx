import { can } from "../domain/users/policies.js";
import type { User } from "../domain/users/user.js";

/** Who is signed in, the password form, and signing out. */
export function AccountPage(p: { user: User; csrfToken: string; error?: { field?: string | undefined; message: string } | undefined; notice?: string | undefined }) {
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
      {can.writePosts(p.user) || can.viewReaderStatistics(p.user) ? (
        <p>
          {can.writePosts(p.user) ? <a href="/editor">Posts</a> : null} {can.viewReaderStatistics(p.user) ? <a href="/editor/stats">Reader statistics</a> : null}{" "}
          {can.moderateComments(p.user) ? <a href="/moderation">Moderation queue</a> : null} {can.viewMail(p.user) ? <a href="/admin/mail">Mail</a> : null}
        </p>
      ) : null}
      <form method="post" action="/account/password" class="comment-form">
        <h3>Change your password</h3>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.error ? <p class="form-error" role="alert" id="password-error">{p.error.message}</p> : null}
        <label for="current-password">Current password</label>
        <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required maxLength={1024} {...invalid("currentPassword")} />
        <label for="new-password">New password (at least 12 characters)</label>
        <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minLength={12} maxLength={1024} {...invalid("newPassword")} />
        <button type="submit">Change password</button>
      </form>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <button type="submit" class="secondary">Sign out</button>
      </form>
    </div>
  );
}
