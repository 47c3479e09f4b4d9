import type { JSX } from "preact";
import type { StaticPage } from "../../domain/pages/static-page.js";
import { LANGUAGES } from "../../domain/sites/languages.js";
import { VOTE_MODES } from "../../domain/sites/site.js";

type Problem = { message: string; field?: string | undefined } | undefined;
type Values = Readonly<Record<string, string | boolean>>;

/** One labelled field with its own error line. */
function useFields(prefix: string, error: Problem) {
  const attrs = (name: string) => ({
    id: `${prefix}-${name}`,
    name,
    ...(error?.field === name ? { "aria-invalid": true as const, "aria-describedby": `${prefix}-${name}-error` } : {}),
  });
  const field = (name: string, label: string, input: JSX.Element, hint?: string) => (
    <div class="field">
      <label for={`${prefix}-${name}`}>{label}</label> {input}
      {hint ? <p class="hint">{hint}</p> : null}
      {error?.field === name ? <p class="field-error" id={`${prefix}-${name}-error`} role="alert">{error.message}</p> : null}
    </div>
  );
  return { attrs, field };
}

/** The blog's settings: name, language, time zone, look, navigation, footer, comment defaults. */
export function SiteSettingsPage(p: { values: Values; csrfToken: string; notice?: string | undefined; error?: Problem; pages: readonly StaticPage[] }) {
  const v = p.values;
  const { attrs, field } = useFields("settings", p.error);
  const text = (name: string) => String(v[name] ?? "");
  return (
    <div class="admin-page editor site-settings">
      <h2>Site settings</h2>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" role="alert">{p.error.message}</p> : null}
      <form method="post" action="/admin/settings" class="post-form" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {text("basedOn") ? <input type="hidden" name="basedOn" value={text("basedOn")} /> : null}
        <fieldset>
          <legend>The blog</legend>
          {field("name", "Name", <input {...attrs("name")} value={text("name")} maxLength={100} required />)}
          {field("description", "Description", <input {...attrs("description")} value={text("description")} maxLength={300} />, "One or two sentences: for search engines, feeds and link previews.")}
          {field(
            "language",
            "Language of the interface",
            <select {...attrs("language")}>
              {LANGUAGES.map((l) => (
                <option value={l} selected={text("language") === l}>{l}</option>
              ))}
            </select>,
          )}
          {field("timeZone", "Time zone", <input {...attrs("timeZone")} value={text("timeZone")} maxLength={60} placeholder="Europe/London" />, "Dates are shown and posts scheduled in this zone. Empty: the server's.")}
        </fieldset>
        <fieldset>
          <legend>Look</legend>
          {field("accent", "Accent colour", <input {...attrs("accent")} value={text("accent")} maxLength={7} placeholder="#8a1c1c" />, "#rrggbb, dark enough to read on the page (4.5:1). Empty: the design's. The dark theme keeps its own.")}
          {field("logoUrl", "Logo", <input {...attrs("logoUrl")} value={text("logoUrl")} maxLength={500} placeholder="/media/…png" />, "A picture uploaded in the editor (/media/…) or an https address. Empty: the name alone.")}
          {text("logoUrl") ? <p class="logo-preview"><img src={text("logoUrl")} alt="The logo now" height={40} /></p> : null}
          {field("logoFile", "Upload a new logo", <input {...attrs("logoFile")} type="file" accept="image/png,image/jpeg,image/webp" />, "PNG, JPEG or WebP, at most 5 MB; it replaces the address above and joins the pictures library.")}
          {field(
            "navigation",
            "Navigation links",
            <textarea {...attrs("navigation")} rows={4}>
              {text("navigation")}
            </textarea>,
            "One per line, “Label | /path” or “Label | https://…”; after the front page, before the pages marked for the navigation.",
          )}
          {field("footer", "Footer text", <input {...attrs("footer")} value={text("footer")} maxLength={500} />)}
        </fieldset>
        <fieldset>
          <legend>Comments</legend>
          <div class="field">
            <label class="inline">
              <input type="checkbox" name="allowAnonymous" value="1" checked={v.allowAnonymous === true} /> Readers may comment without giving a name
            </label>
          </div>
          {field("maxDepth", "Deepest reply level shown", <input {...attrs("maxDepth")} type="number" min={1} max={10} value={text("maxDepth")} />)}
          {field(
            "votes",
            "Votes on comments",
            <select {...attrs("votes")}>
              {VOTE_MODES.map((m) => (
                <option value={m} selected={text("votes") === m}>{m === "updown" ? "Up and down" : m === "like" ? "A single like" : "None"}</option>
              ))}
            </select>,
          )}
          <p class="hint">
            Moderation (modes, screening, words) has its own page: <a href="/moderation/settings">Moderation settings</a>.
          </p>
        </fieldset>
        <button type="submit">Save the settings</button>
      </form>
      <h3>Pages</h3>
      <p>
        <a href="/admin/pages/new">New page</a>
      </p>
      {p.pages.length === 0 ? (
        <p>No pages yet: About, Contact and a comments policy are the usual ones.</p>
      ) : (
        <ul>
          {p.pages.map((pg) => (
            <li>
              <a href={`/admin/pages/${pg.id}`}>{pg.title}</a> · /pages/{pg.slug} {pg.inNav ? "· in the navigation" : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Write or change a static page (Markdown). */
export function StaticPageForm(p: { page?: StaticPage | undefined; values: Values; csrfToken: string; notice?: string | undefined; error?: Problem }) {
  const v = p.values;
  const { attrs, field } = useFields("page", p.error);
  const text = (name: string) => String(v[name] ?? "");
  return (
    <div class="admin-page editor">
      <p>
        <a href="/admin/settings">Site settings</a>
      </p>
      <h2>{p.page ? `Edit “${p.page.title}”` : "New page"}</h2>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" role="alert">{p.error.message}</p> : null}
      <form method="post" action={p.page ? `/admin/pages/${p.page.id}` : "/admin/pages"} class="post-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {/* The version opened: a save over someone else's later one is refused, as for posts. */}
        {text("basedOn") ? <input type="hidden" name="basedOn" value={text("basedOn")} /> : null}
        {field("title", "Title", <input {...attrs("title")} value={text("title")} maxLength={120} required />)}
        {field("slug", "Address", <input {...attrs("slug")} value={text("slug")} maxLength={60} placeholder="about" />, "The page lives at /pages/<address>. Empty: made from the title.")}
        {field(
          "body",
          "Text (Markdown)",
          <textarea {...attrs("body")} rows={14}>
            {text("body")}
          </textarea>,
        )}
        <div class="field">
          <label class="inline">
            <input type="checkbox" name="inNav" value="1" checked={v.inNav === true} /> Show in the navigation and the footer
          </label>
        </div>
        {field("position", "Position", <input {...attrs("position")} type="number" min={0} max={999} value={text("position")} />, "Smaller comes first.")}
        <button type="submit">Save the page</button>
        {p.page ? (
          <a class="button secondary-link" href={`/pages/${encodeURIComponent(p.page.slug)}`}>
            View
          </a>
        ) : null}
      </form>
      {p.page ? (
        <form method="post" action={`/admin/pages/${p.page.id}/delete`} class="inline">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <button type="submit" class="danger">Delete the page</button>
        </form>
      ) : null}
    </div>
  );
}

/** A static page as readers see it. */
export function StaticPageView({ page }: { page: StaticPage }) {
  return (
    <article class="static-page">
      <h1 class="post-title">{page.title}</h1>
      <div class="post-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
    </article>
  );
}
