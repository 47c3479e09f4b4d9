import type { ComponentChildren } from "preact";

export interface LayoutProps {
  readonly title: string;
  readonly siteName: string;
  readonly canonical?: string | undefined;
  readonly description?: string | undefined;
  readonly children: ComponentChildren;
  /** Add the discussion script (post pages). */
  readonly withScript?: boolean;
}

/** The HTML document around every page. */
export function Layout({ title, siteName, canonical, description, children, withScript }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? title : `${title} — ${siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link rel="stylesheet" href="/assets/site.css" />
        {withScript ? <script type="module" src="/assets/thread.js"></script> : null}
      </head>
      <body>
        <header class="masthead">
          <a class="site-name" href="/">{siteName}</a>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>Powered by Broadsheet</p>
        </footer>
      </body>
    </html>
  );
}
