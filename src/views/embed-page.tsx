import type { DiscussionProps } from "./discussion.js";
import { assetUrl } from "./asset-urls.js";
import { Discussion } from "./discussion.js";
import { Votes } from "./votes.js";
import type { VoteMode } from "../domain/sites/site.js";
import { VIEW_COUNT_SLOT } from "./post-article.js";
import { slot } from "./slot.js";
import { I18n } from "./i18n/context.js";
import { messagesFor } from "./i18n/messages.js";

export const EMBED_SERVED_SLOT = slot("served");

export type EmbedTheme = "light" | "dark" | "auto";

export interface EmbedPageProps {
  readonly title: string;
  readonly lang: string;
  readonly theme: EmbedTheme;
  /** The embedding page's origin (checked against the site's): where size messages go. */
  readonly parentOrigin: string;
  /** The site's public key (the frame's sign-in request names it). */
  readonly siteKey: string;
  /** Same-origin stylesheet with the host's colours, when it set any. */
  readonly colourSheet?: string | undefined;
  readonly discussion: DiscussionProps;
  /** The site's votes: shown in the frame as on a post page, scores filled per request. */
  readonly votes: VoteMode;
}

/**
 * The document inside the embedding iframe: the same server-rendered discussion as a post page
 * (same components, numbering, tombstones, live updates), without the blog around it.
 */
export function EmbedPage(p: EmbedPageProps) {
  const m = messagesFor(p.lang);
  return (
    <html lang={m.lang} dir={m.dir} data-theme={p.theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{m.commentsOn(p.title)}</title>
        <link rel="stylesheet" href={assetUrl("site.css")} />
        {p.colourSheet ? <link rel="stylesheet" href={p.colourSheet} /> : null}
        <script type="module" src={assetUrl("thread.js")}></script>
        <script type="module" src={assetUrl("embed-frame.js")}></script>
      </head>
      <body class="embedded" data-parent-origin={p.parentOrigin} data-site-key={p.siteKey}>
        <I18n.Provider value={m}>
          <main data-served-at={EMBED_SERVED_SLOT}>
            <p class="embed-views">
              {m.totalViews} <span data-view-count="">{VIEW_COUNT_SLOT}</span>
            </p>
            <button type="button" class="link-button" data-sign-in="" hidden>
              {m.signIn}
            </button>
            <Votes.Provider value={{ mode: p.votes, slots: true }}>
              <Discussion {...p.discussion} />
            </Votes.Provider>
            <p class="embed-credit">{m.credit}</p>
          </main>
        </I18n.Provider>
      </body>
    </html>
  );
}
