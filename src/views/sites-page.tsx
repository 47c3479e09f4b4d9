import type { Site } from "../domain/sites/site.js";
import { LANGUAGES } from "../domain/sites/languages.js";
import type { WebhookDelivery } from "../domain/webhooks/webhook.js";

export interface SiteFormValues {
  readonly name?: string;
  readonly origins?: string;
  readonly language?: string;
  readonly allowAnonymous?: boolean;
  readonly maxDepth?: string;
  readonly webhookUrl?: string;
  /** The siteVersion the edit form was opened on (none on the form that adds a site). */
  readonly basedOn?: string;
}

type Problem = { readonly message: string; readonly field?: string | undefined };

/** The embedding sites (admins): each with its snippet ready to copy, and a form to add one. */
export function SitesPage(p: { sites: readonly Site[]; snippet: (key: string) => string; csrfToken: string; form?: SiteFormValues; error?: Problem | undefined; created?: { site: Site; secret: string } | undefined }) {
  const embedding = p.sites.filter((s) => s.origins.length > 0);
  return (
    <div class="editor sites">
      <h1>Sites</h1>
      <p>Other websites that show our discussions under their pages. Our own blog is {p.sites.find((s) => s.origins.length === 0)?.name ?? "site 1"}.</p>
      {p.created ? <NewSecret site={p.created.site} secret={p.created.secret} /> : null}
      {embedding.length === 0 ? <p>No embedding sites yet.</p> : null}
      {embedding.map((s) => (
        <section class="site-card" id={`site-${s.id}`}>
          <h2>{s.name}</h2>
          <p class="hint">
            Key <code>{s.publicKey}</code> · {s.origins.join(" ")} · {s.language} · <a href={`/admin/sites/${s.id}`}>Edit</a> · <a href={`/moderation/settings?site=${s.id}`}>Moderation settings</a>
          </p>
          <label for={`snippet-${s.id}`}>Snippet</label>
          <textarea id={`snippet-${s.id}`} class="snippet" rows={2} readOnly>
            {p.snippet(s.publicKey)}
          </textarea>
        </section>
      ))}
      <h2>Add a site</h2>
      <SiteForm action="/admin/sites" csrfToken={p.csrfToken} values={p.form ?? { language: "en", allowAnonymous: true, maxDepth: "3" }} error={p.error} submit="Add site" />
    </div>
  );
}

function NewSecret({ site, secret }: { site: Site; secret: string }) {
  return (
    <div class="notice" role="status">
      <p>
        <strong>{site.name}</strong> is ready. Its secret signs single sign-on tokens and webhooks; it is shown this once:
      </p>
      <p>
        <code class="secret">{secret}</code>
      </p>
    </div>
  );
}

/** One site: its settings, its secret (rotate), and its latest webhook deliveries. */
export function SitePage(p: { site: Site; csrfToken: string; values: SiteFormValues; error?: Problem | undefined; notice?: string | undefined; secret?: string | undefined; deliveries: readonly WebhookDelivery[]; timeZone: string }) {
  const when = (ms: number) => new Date(ms).toLocaleString("en-GB", { timeZone: p.timeZone });
  return (
    <div class="editor sites">
      <h1>{p.site.name}</h1>
      <p>
        <a href="/admin/sites">All sites</a>
      </p>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.secret ? (
        <p class="notice" role="status">
          New secret (shown once): <code class="secret">{p.secret}</code>
        </p>
      ) : null}
      <SiteForm action={`/admin/sites/${p.site.id}`} csrfToken={p.csrfToken} values={p.values} error={p.error} submit="Save" />
      <form method="post" action={`/admin/sites/${p.site.id}/secret`}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <button type="submit" class="danger">Rotate the secret</button> <span class="hint">The old secret stops working at once.</span>
      </form>
      <h2>Webhook deliveries</h2>
      {p.deliveries.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
            </tr>
          </thead>
          <tbody>
            {p.deliveries.map((d) => (
              <tr>
                <td data-label="When">{when(d.createdAt)}</td>
                <td data-label="Event">{d.event}</td>
                <td data-label="Status">{d.status}</td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="Last answer">{d.lastResult ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SiteForm(p: { action: string; csrfToken: string; values: SiteFormValues; error?: Problem | undefined; submit: string }) {
  const v = p.values;
  const bad = (field: string) => (p.error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "site-error" } : {});
  return (
    <form method="post" action={p.action} class="post-form site-form">
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {v.basedOn ? <input type="hidden" name="basedOn" value={v.basedOn} /> : null}
      {p.error ? <p class="form-error" id="site-error" role="alert">{p.error.message}</p> : null}
      <p>
        <label for="site-name">Name</label>
        <input id="site-name" name="name" required maxLength={100} value={v.name ?? ""} {...bad("name")} />
      </p>
      <p>
        <label for="site-origins">Allowed origins, one per line</label>
        <textarea id="site-origins" name="origins" rows={3} placeholder="https://example.org" {...bad("origins")}>
          {v.origins ?? ""}
        </textarea>
      </p>
      <p>
        <label for="site-language">Language</label>
        <select id="site-language" name="language" {...bad("language")}>
          {LANGUAGES.map((l) => (
            <option value={l} selected={v.language === l}>
              {l}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label>
          <input type="checkbox" name="allowAnonymous" value="1" checked={v.allowAnonymous === true} /> Readers may comment without a name
        </label>
      </p>
      <p>
        <label for="site-depth">Deepest reply level</label>
        <input id="site-depth" name="maxDepth" type="number" min={1} max={10} value={v.maxDepth ?? "3"} {...bad("maxDepth")} />
      </p>
      <p>
        <label for="site-webhook">Webhook address (optional)</label>
        <input id="site-webhook" name="webhookUrl" type="url" placeholder="https://example.org/hooks/broadsheet" value={v.webhookUrl ?? ""} {...bad("webhookUrl")} />
      </p>
      <button type="submit">{p.submit}</button>
    </form>
  );
}
