import { SCOPE_LABELS, type ApiToken, type TokenScope } from "../domain/users/api-tokens.js";
import { exactTime } from "./format-time.js";

export interface ApiTokensPageProps {
  readonly tokens: readonly ApiToken[];
  /** The scopes this member's role may give. */
  readonly scopes: readonly TokenScope[];
  readonly csrfToken: string;
  readonly timeZone: string;
  /** A token just made: its secret, shown this once. */
  readonly created?: { readonly name: string; readonly secret: string } | undefined;
  readonly notice?: string | undefined;
  readonly error?: { message: string; field?: string | undefined } | undefined;
  readonly values?: { name?: string; scopes?: readonly string[]; expiresInDays?: string } | undefined;
}

/** A member of staff's API tokens: make one (its secret shown once), see when each was last used, revoke. */
export function ApiTokensPage(p: ApiTokensPageProps) {
  const bad = (field: string) => (p.error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "token-error" } : {});
  const chosen = p.values?.scopes ?? ["read"];
  return (
    <div class="account editor">
      <h2>API tokens</h2>
      <p>
        <a href="/account">Back to your account</a> · <a href="/api/docs">API documentation</a>
      </p>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" id="token-error" role="alert">{p.error.message}</p> : null}
      {p.created ? (
        <div class="notice token-secret" role="status">
          <p>
            The token <strong>{p.created.name}</strong> is made. Copy it now: it is shown this once, and only a hash of it is kept.
          </p>
          <p>
            <code class="secret">{p.created.secret}</code>
          </p>
          <p class="hint">
            Send it as <code>Authorization: Bearer {p.created.secret.slice(0, 8)}…</code> to the JSON API under <code>/api/v1/</code>.
          </p>
        </div>
      ) : null}
      <p class="hint">A token acts as you, never beyond your role, and only within its scopes. Anyone who has it can use it: keep it out of pages and repositories, and revoke it when it is no longer needed.</p>
      <form method="post" action="/account/tokens">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <p class="field">
          <label for="token-name">Name</label> <input id="token-name" name="name" maxLength={80} required value={p.values?.name ?? ""} placeholder="Newsroom import script" {...bad("name")} />
        </p>
        <fieldset {...bad("scopes")}>
          <legend>Scopes</legend>
          {p.scopes.map((s) => (
            <p class="field">
              <label>
                <input type="checkbox" name="scopes[]" value={s} checked={chosen.includes(s)} /> {SCOPE_LABELS[s]}
              </label>
            </p>
          ))}
        </fieldset>
        <p class="field">
          <label for="token-expiry">Lasts</label>{" "}
          <select id="token-expiry" name="expiresInDays" {...bad("expiresInDays")}>
            {[
              ["30", "30 days"],
              ["90", "90 days"],
              ["365", "A year"],
              ["", "Until revoked"],
            ].map(([v, label]) => (
              <option value={v} selected={(p.values?.expiresInDays ?? "90") === v}>{label}</option>
            ))}
          </select>
        </p>
        <button type="submit">Make a token</button>
      </form>
      <h3>Your tokens</h3>
      {p.tokens.length === 0 ? (
        <p>You have no tokens.</p>
      ) : (
        <ul class="token-list">
          {p.tokens.map((t) => (
            <li>
              <strong>{t.name}</strong> · {t.scopes.join(", ")} · made {exactTime(t.createdAt, p.timeZone)} ·{" "}
              {t.expiresAt === null ? "until revoked" : `until ${exactTime(t.expiresAt, p.timeZone)}`} · {t.lastUsedAt === null ? "never used" : `last used ${exactTime(t.lastUsedAt, p.timeZone)}`}{" "}
              <form method="post" action={`/account/tokens/${t.id}/revoke`} class="inline">
                <input type="hidden" name="_csrf" value={p.csrfToken} />
                <button type="submit" class="secondary" aria-label={`Revoke ${t.name}`}>Revoke</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
