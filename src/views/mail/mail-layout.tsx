import { renderToString } from "preact-render-to-string";
import type { ComponentChildren } from "preact";
import type { MailSite, RenderedMail } from "../../domain/mail/mail.js";

const RTL = new Set(["ar", "he", "fa", "ur"]);

/** The HTML part of every mail: the site's name, the message, a footer; everything escaped by preact. */
export function mailHtml(site: MailSite, body: ComponentChildren, footer?: ComponentChildren): string {
  return `<!doctype html>${renderToString(
    <html lang={site.language} dir={RTL.has(site.language) ? "rtl" : "ltr"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
      </head>
      <body style="font-family: Georgia, serif; max-width: 36em; margin: 1em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.5">
        <p style="font-weight: bold; font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: .4em">{site.name}</p>
        {body}
        {footer ? <p style="color: #666; font-size: .85em; border-top: 1px solid #ccc; padding-top: .6em">{footer}</p> : null}
      </body>
    </html>,
  )}`;
}

/** A link as a button the reader can see and press. */
export function MailButton(p: { href: string; children: ComponentChildren }) {
  return (
    <p>
      <a href={p.href} style="display: inline-block; background: #1d4e89; color: #fff; padding: .6em 1.1em; border-radius: 4px; text-decoration: none">
        {p.children}
      </a>
    </p>
  );
}

/** Plain-text part: the site's name, the lines, the footer; no markup to escape. */
export function mailText(site: MailSite, lines: readonly string[], footer?: string): string {
  return [site.name, "", ...lines, ...(footer ? ["", "--", footer] : [])].join("\n") + "\n";
}

export type { RenderedMail };
