import type { ComponentChildren } from "preact";
import { assetUrl } from "./asset-urls.js";
import { Masthead, type NavLink } from "./masthead.js";
import { siteChrome } from "./site-chrome.js";

export interface LayoutProps {
  readonly title: string;
  readonly siteName: string;
  readonly canonical?: string | undefined;
  readonly description?: string | undefined;
  readonly children: ComponentChildren;
  /** Extra elements for <head> (social cards, structured data). */
  readonly head?: ComponentChildren;
  /** Module scripts to load (same-origin only: the CSP allows nothing else). */
  readonly scripts?: readonly string[];
  /** The site's navigation in the masthead (default: the front page). */
  readonly nav?: readonly NavLink[] | undefined;
}

/** The HTML document around every page. */
export function Layout({ title, siteName, canonical, description, children, head, scripts = [], nav }: LayoutProps) {
  const chrome = siteChrome();
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? title : `${title} — ${siteName}`}</title>
        {description || chrome.description ? <meta name="description" content={description ?? chrome.description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link rel="stylesheet" href={assetUrl("site.css")} />
        {chrome.lookCss ? <link rel="stylesheet" href={chrome.lookCss} /> : null}
        {/* Before the page paints: the reader's chosen theme, without a flash of the other one. */}
        <script src={assetUrl("theme.js")}></script>
        <link rel="alternate" type="application/atom+xml" title={`${siteName} (Atom)`} href="/feeds/posts.atom" />
        <link rel="alternate" type="application/rss+xml" title={`${siteName} (RSS)`} href="/feeds/posts.rss" />
        {head}
        {scripts.map((src) => (
          <script type="module" src={src}></script>
        ))}
      </head>
      <body>
        <Masthead siteName={siteName} nav={nav ?? chrome.nav} logoUrl={chrome.logoUrl} />
        <main id="main">{children}</main>
        <footer class="site-footer">
          {chrome.footerLinks.length > 0 ? (
            <nav aria-label="About the site">
              {chrome.footerLinks.map((l) => (
                <a href={l.href}>{l.label}</a>
              ))}
            </nav>
          ) : null}
          {chrome.footer ? <p>{chrome.footer}</p> : null}
          <p>Powered by Broadsheet</p>
        </footer>
      </body>
    </html>
  );
}
