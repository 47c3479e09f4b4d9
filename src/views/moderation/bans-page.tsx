import type { Ban } from "../../domain/moderation/ban.js";
import { exactTime } from "../format-time.js";
import { PageHead } from "./page-head.js";
import { SiteTabs } from "../site-tabs.js";

const KIND: Record<Ban["kind"], string> = { user: "Account", network: "Network", email_domain: "E-mail domain" };

export interface BansPageProps {
  readonly bans: readonly Ban[];
  /** Every site, for the "Where" column, the filter and the form. */
  readonly sites: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  /** The site the list is filtered to (its own bans and every site's); undefined: all bans. */
  readonly siteId?: number | undefined;
  readonly csrfToken: string;
  readonly timeZone: string;
  readonly notice?: string | undefined;
  readonly error?: { message: string; field?: string | undefined } | undefined;
  readonly values?: { domain?: string; reason?: string; site?: string } | undefined;
}

/** Bans in force, with a form to ban an e-mail domain and a button to lift each ban. */
export function BansPage(p: BansPageProps) {
  const nameOf = (id: number | null) => (id === null ? "Every site" : (p.sites.find((s) => s.id === id)?.name ?? `Site ${id}`));
  return (
    <div class="moderation">
      <PageHead title="Bans" notice={p.notice} error={p.error?.message} />
      <SiteTabs sites={p.sites} current={p.siteId} all="Every site" href={(id) => (id === undefined ? "/moderation/bans" : `/moderation/bans?site=${id}`)} />
      <table class="post-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">What</th>
            <th scope="col">Where</th>
            <th scope="col">Until</th>
            <th scope="col">Reason</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {p.bans.map((b) => (
            <tr>
              <td data-label="#">{b.id}</td>
              <td data-label="What">
                {KIND[b.kind]}: {b.kind === "network" ? `${b.value.slice(0, 10)}…` : b.kind === "user" ? `user ${b.value}` : b.value}
              </td>
              <td data-label="Where">{nameOf(b.siteId)}</td>
              <td data-label="Until">{b.expiresAt === null ? "Permanent" : exactTime(b.expiresAt, p.timeZone)}</td>
              <td data-label="Reason">{b.reason}</td>
              <td>
                <form method="post" action={`/moderation/bans/${b.id}/lift`}>
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="secondary">Lift</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.bans.length === 0 ? <p>No bans in force.</p> : null}
      <h2>Ban an e-mail domain</h2>
      <form method="post" action="/moderation/bans" class="ban-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="ban-domain">Domain</label>
        <input id="ban-domain" name="domain" placeholder="example.com" value={p.values?.domain ?? ""} required aria-invalid={p.error?.field === "domain" ? true : undefined} />
        <label for="ban-duration">Length</label>
        <select id="ban-duration" name="duration">
          <option value="7d">7 days</option>
          <option value="30d">30 days</option>
          <option value="permanent">Permanent</option>
        </select>
        {p.sites.length > 1 ? (
          <>
            <label for="ban-site">On</label>
            <select id="ban-site" name="site" aria-invalid={p.error?.field === "siteId" ? true : undefined}>
              <option value="">every site</option>
              {p.sites.map((s) => (
                <option value={String(s.id)} selected={p.values?.site === String(s.id)}>{s.name}</option>
              ))}
            </select>
          </>
        ) : null}
        <label for="ban-reason">Reason</label>
        <input id="ban-reason" name="reason" maxLength={500} value={p.values?.reason ?? ""} />
        <button type="submit">Ban</button>
      </form>
    </div>
  );
}
