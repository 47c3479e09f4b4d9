/** The forms a reader meets around an account: sign up, confirm the address, forgot and reset the password. */

type FieldError = { field?: string | undefined; message: string } | undefined;

function invalid(error: FieldError, field: string, id: string) {
  return error?.field === field ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}

function ErrorLine(p: { error: FieldError; id: string }) {
  return p.error ? (
    <p class="form-error" role="alert" id={p.id}>
      {p.error.message}
    </p>
  ) : null;
}

export function SignUpPage(p: { csrfToken: string; values?: { displayName?: string; email?: string }; error?: FieldError }) {
  return (
    <div class="account-page">
      <h1>Sign up</h1>
      <p>With an account your name is yours (no one else can comment under it), and you can be told when someone replies to you.</p>
      <form method="post" action="/signup" class="comment-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <ErrorLine error={p.error} id="signup-error" />
        <label for="signup-name">Name shown with your comments</label>
        <input id="signup-name" name="displayName" required maxLength={60} autocomplete="nickname" value={p.values?.displayName ?? ""} {...invalid(p.error, "displayName", "signup-error")} />
        <label for="signup-email">E-mail (never shown)</label>
        <input id="signup-email" name="email" type="email" required maxLength={254} autocomplete="email" value={p.values?.email ?? ""} {...invalid(p.error, "email", "signup-error")} />
        <label for="signup-password">Password (at least 12 characters)</label>
        <input id="signup-password" name="password" type="password" required minLength={12} maxLength={1024} autocomplete="new-password" {...invalid(p.error, "password", "signup-error")} />
        <button type="submit">Sign up</button>
      </form>
      <p>
        Have an account? <a href="/login">Sign in</a>.
      </p>
    </div>
  );
}

/** After sign-up and "forgot my password": the same words whether the address has an account or not. */
export function CheckInboxPage(p: { email: string }) {
  return (
    <div class="account-page">
      <h1>Check your inbox</h1>
      <p role="status">
        If <bdi>{p.email}</bdi> can be used, a message with a link is on its way to it. The link works once. Nothing arrived? Look in the spam folder, or
        try again in a few minutes.
      </p>
    </div>
  );
}

/** The link from a mail opens this; pressing the button uses the token (a mail scanner that follows links uses nothing). */
export function ConfirmLinkPage(p: { csrfToken: string; action: string; token: string; title: string; text: string; button: string; error?: FieldError }) {
  return (
    <div class="account-page">
      <h1>{p.title}</h1>
      <ErrorLine error={p.error} id="confirm-error" />
      <p>{p.text}</p>
      <form method="post" action={p.action} class="comment-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="token" value={p.token} />
        <button type="submit">{p.button}</button>
      </form>
    </div>
  );
}

export function ResetRequestPage(p: { csrfToken: string; email?: string; error?: FieldError }) {
  return (
    <div class="account-page">
      <h1>Forgot your password?</h1>
      <p>Give the address of your account: a link to choose a new password goes to it.</p>
      <form method="post" action="/account/reset" class="comment-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <ErrorLine error={p.error} id="reset-error" />
        <label for="reset-email">E-mail</label>
        <input id="reset-email" name="email" type="email" required maxLength={254} autocomplete="email" value={p.email ?? ""} {...invalid(p.error, "email", "reset-error")} />
        <button type="submit">Send me a link</button>
      </form>
    </div>
  );
}

export function NewPasswordPage(p: { csrfToken: string; token: string; error?: FieldError }) {
  return (
    <div class="account-page">
      <h1>Choose a new password</h1>
      <form method="post" action="/account/reset/new" class="comment-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="token" value={p.token} />
        <ErrorLine error={p.error} id="new-password-error" />
        <label for="new-password">New password (at least 12 characters)</label>
        <input id="new-password" name="password" type="password" required minLength={12} maxLength={1024} autocomplete="new-password" {...invalid(p.error, "password", "new-password-error")} />
        <button type="submit">Set the password</button>
      </form>
      <p>
        The link has expired? <a href="/account/reset">Ask for a new one</a>.
      </p>
    </div>
  );
}
