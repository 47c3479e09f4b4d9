/**
 * The choice of site on a staff page that works per site (queue settings, audit log, bans,
 * statistics): one link per site, the current one marked; `all` adds a first link for every site.
 * Shown only when there is more than one site.
 */
export function SiteTabs(p: { sites: ReadonlyArray<{ readonly id: number; readonly name: string }>; current: number | undefined; href: (siteId: number | undefined) => string; all?: string | undefined }) {
  if (p.sites.length <= 1) return null;
  return (
    <nav class="tabs" aria-label="Sites">
      {p.all ? (
        <a href={p.href(undefined)} aria-current={p.current === undefined ? "page" : undefined}>
          {p.all}
        </a>
      ) : null}
      {p.sites.map((s) => (
        <a href={p.href(s.id)} aria-current={s.id === p.current ? "page" : undefined}>
          {s.name}
        </a>
      ))}
    </nav>
  );
}
