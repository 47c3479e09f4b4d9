import type { OutboxRow } from "../storage/outbox-store.js";
import { exactTime } from "./format-time.js";

/** Staff: every mail the outbox holds, what became of it, and (with no mail server) the files written. */
export function MailPage(p: { rows: readonly OutboxRow[]; counts: Record<string, number>; describe: string; files: readonly string[]; csrfToken: string; timeZone: string; status?: string | undefined }) {
  return (
    <div class="admin-page mail-page">
      <h1>Mail</h1>
      <p>
        Mail goes to <strong>{p.describe}</strong>.{" "}
        {Object.entries(p.counts).map(([status, n]) => (
          <a href={`/admin/mail?status=${status}`} class={`badge status-${status}`}>
            {n} {status}
          </a>
        ))}{" "}
        <a href="/admin/mail">all</a>
      </p>
      <table class="post-table mail-list">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Kind</th>
            <th scope="col">To</th>
            <th scope="col">Written</th>
            <th scope="col">Status</th>
            <th scope="col">Tries</th>
            <th scope="col">Last problem</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td data-label="#">{r.id}</td>
              <td data-label="Kind">{r.kind}</td>
              <td data-label="To">
                <bdi>{r.to}</bdi>
              </td>
              <td data-label="Written">{exactTime(r.createdAt, p.timeZone)}</td>
              <td data-label="Status">
                {r.status}
                {r.status === "pending" && r.attempts > 0 ? ` (next try ${exactTime(r.nextAttemptAt, p.timeZone)})` : ""}
              </td>
              <td data-label="Tries">{r.attempts}</td>
              <td data-label="Last problem">
                {r.lastError ?? ""}
                {r.status === "failed" ? (
                  <form method="post" action={`/admin/mail/${r.id}/retry`}>
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit" class="secondary">Try again</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.files.length > 0 ? (
        <section>
          <h2>Written as files</h2>
          <p>With no mail server set (SMTP_URL), each message is kept as an .eml file: open one to see what would have been sent.</p>
          <ul>
            {p.files.map((f) => (
              <li>
                <a href={`/admin/mail/files/${encodeURIComponent(f)}`}>{f}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
