import type { AdminUserRow } from "../../domain/users/ports.js";
import type { ReaderData } from "../../domain/users/reader-data.js";
import { ROLES } from "../../domain/users/user.js";
import { exactTime } from "../format-time.js";

type Problem = { message: string; field?: string | undefined } | undefined;

const stateOf = (u: AdminUserRow) => (u.disabledAt !== null ? "disabled" : u.invited ? "invited" : u.emailVerified ? "active" : "address not confirmed");

/** The admins' list of accounts: search, filter by role, invite someone. */
export function UsersPage(p: { users: readonly AdminUserRow[]; query: string; role: string; csrfToken: string; timeZone: string; notice?: string | undefined; error?: Problem; values?: { email?: string; displayName?: string; role?: string } | undefined }) {
  const bad = (field: string) => (p.error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "users-error" } : {});
  return (
    <div class="admin-page users">
      <h2>Accounts</h2>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" id="users-error" role="alert">{p.error.message}</p> : null}
      <form method="get" action="/admin/users" role="search" class="inline-form">
        <label for="users-q">Name or address</label> <input id="users-q" name="q" type="search" value={p.query} maxLength={200} />{" "}
        <label for="users-role">Role</label>{" "}
        <select id="users-role" name="role">
          <option value="">Any</option>
          {ROLES.map((r) => (
            <option value={r} selected={p.role === r}>{r}</option>
          ))}
        </select>{" "}
        <button type="submit">Search</button>
      </form>
      <table class="post-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Comments</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr>
              <td data-label="Name">
                <a href={`/admin/users/${u.id}`}>
                  <bdi>{u.displayName}</bdi>
                </a>
              </td>
              <td data-label="Address">
                <bdi>{u.email}</bdi>
              </td>
              <td data-label="Role">{u.role}</td>
              <td data-label="State">{stateOf(u)}</td>
              <td data-label="Comments">{u.comments}</td>
              <td data-label="Since">{exactTime(u.createdAt, p.timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.users.length === 0 ? <p>No account matches.</p> : null}
      <h3>Invite someone</h3>
      <p class="hint">They get an e-mail with a link to choose their password (it works once, for 7 days).</p>
      <form method="post" action="/admin/users/invite" class="editor">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <p class="field">
          <label for="invite-name">Name</label> <input id="invite-name" name="displayName" maxLength={60} required value={p.values?.displayName ?? ""} {...bad("displayName")} />
        </p>
        <p class="field">
          <label for="invite-email">E-mail</label> <input id="invite-email" name="email" type="email" maxLength={254} required value={p.values?.email ?? ""} {...bad("email")} />
        </p>
        <p class="field">
          <label for="invite-role">Role</label>{" "}
          <select id="invite-role" name="role" {...bad("role")}>
            {ROLES.map((r) => (
              <option value={r} selected={(p.values?.role ?? "editor") === r}>{r}</option>
            ))}
          </select>
        </p>
        <button type="submit">Send the invitation</button>
      </form>
    </div>
  );
}

/** One account: change its role, disable or enable it, send a reset link, and see its comments. */
export function UserPage(p: { user: AdminUserRow; data: ReaderData | undefined; csrfToken: string; timeZone: string; notice?: string | undefined; error?: Problem; isSelf: boolean }) {
  const u = p.user;
  const comments = [...(p.data?.comments ?? [])].reverse().slice(0, 50);
  return (
    <div class="admin-page users">
      <p>
        <a href="/admin/users">All accounts</a>
      </p>
      <h2>
        <bdi>{u.displayName}</bdi>
      </h2>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" role="alert">{p.error.message}</p> : null}
      <p>
        <bdi>{u.email}</bdi> · {u.role} · {stateOf(u)} · since {exactTime(u.createdAt, p.timeZone)} · {u.comments} comments
      </p>
      <form method="post" action={`/admin/users/${u.id}/role`} class="inline-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="user-role">Role</label>{" "}
        <select id="user-role" name="role">
          {ROLES.map((r) => (
            <option value={r} selected={u.role === r}>{r}</option>
          ))}
        </select>{" "}
        <button type="submit">Change the role</button>
      </form>
      {p.isSelf ? null : (
        <form method="post" action={`/admin/users/${u.id}/${u.disabledAt === null ? "disable" : "enable"}`} class="inline-form">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <button type="submit" class={u.disabledAt === null ? "danger" : undefined}>{u.disabledAt === null ? "Disable the account" : "Enable the account again"}</button>
        </form>
      )}
      {u.disabledAt === null ? (
        <form method="post" action={`/admin/users/${u.id}/reset`} class="inline-form">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <button type="submit" class="secondary">Send a password reset link</button>
        </form>
      ) : null}
      <h3>Their comments</h3>
      {comments.length === 0 ? (
        <p>None.</p>
      ) : (
        <ol class="user-comments">
          {comments.map((c) => (
            <li>
              {"post" in c.discussion ? <a href={`/posts/${encodeURIComponent(c.discussion.post)}#c-${c.number.replace(/\./g, "-")}`}>{c.discussion.title}</a> : <bdi>{c.discussion.title || c.discussion.page}</bdi>} · #{c.number} · {c.status} ·{" "}
              {exactTime(c.createdAt, p.timeZone)}
              <p class="comment-text" dir="auto">{c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
