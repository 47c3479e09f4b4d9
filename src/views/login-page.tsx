/** Sign in with e-mail and password. */
export function LoginPage(p: { csrfToken: string; next: string; email?: string; error?: string | undefined; notice?: string | undefined; action?: string }) {
  return (
    <div class="account-page">
      <h1>Sign in</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      <form method="post" action={p.action ?? "/login"} class="comment-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        {p.error ? <p class="form-error" role="alert" id="login-error">{p.error}</p> : null}
        <label for="login-email">E-mail</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required maxLength={254} value={p.email ?? ""} {...(p.error ? { "aria-invalid": true as const, "aria-describedby": "login-error" } : {})} />
        <label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required maxLength={1024} />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/account/reset">Forgot your password?</a> · No account yet? <a href="/signup">Sign up</a>.
      </p>
    </div>
  );
}
