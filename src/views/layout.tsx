import type { ComponentChildren } from "preact";
import { assetUrl } from "./asset-urls.js";

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
}

/** The HTML document around every page. */
export function Layout({ title, siteName, canonical, description, children, head, scripts = [] }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? title : `${title} — ${siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link rel="stylesheet" href={assetUrl("site.css")} />
        <link rel="alternate" type="application/atom+xml" title={`${siteName} (Atom)`} href="/feeds/posts.atom" />
        <link rel="alternate" type="application/rss+xml" title={`${siteName} (RSS)`} href="/feeds/posts.rss" />
        {head}
        {scripts.map((src) => (
          <script type="module" src={src}></script>
        ))}
      </head>
      <body>
        <header class="masthead">
          <a class="site-name" href="/">{siteName}</a>
          <form class="masthead-search" method="get" action="/search" role="search">
            <input name="q" type="search" aria-label="Search" placeholder="Search" maxLength={200} />
          </form>
          {/* The same for every reader (pages are cached): /account signs in, or shows the account and signing out. */}
          <nav class="masthead-account" aria-label="Account">
            <a href="/account">Sign in / Account</a> <a href="/signup">Sign up</a>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>Powered by Broadsheet</p>
        </footer>
      </body>
    </html>
  );
}
