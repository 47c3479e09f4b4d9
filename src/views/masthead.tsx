import { renderToString } from "preact-render-to-string";
import { can } from "../domain/users/policies.js";
import type { User } from "../domain/users/user.js";
import type { NavLink } from "../domain/sites/site-look.js";
import { slot } from "./slot.js";

export type { NavLink };

/** The links every site has: the front page and its feed (the subscribe link). */
export const DEFAULT_NAV: readonly NavLink[] = [{ label: "Front page", href: "/" }];

/**
 * The top of every reader and staff page. Cached pages are the same for everyone, so who is
 * signed in is a slot (`account`), filled per response: the sign-in links for readers, and the
 * account, the editor and the moderation queue with its count for staff (http/masthead.ts).
 */
export function Masthead({ siteName, nav = DEFAULT_NAV, logoUrl }: { siteName: string; nav?: readonly NavLink[] | undefined; logoUrl?: string | null | undefined }) {
  return (
    <>
      <a class="skip-link" href="#main">Skip to the content</a>
      <header class="masthead">
        <div class="masthead-top">
          <a class="site-name" href="/">
            {logoUrl ? <img class="site-logo" src={logoUrl} alt="" height={40} /> : null}
            {siteName}
          </a>
          <form class="masthead-search" method="get" action="/search" role="search">
            <input name="q" type="search" aria-label="Search the site" placeholder="Search" maxLength={200} />
            <button type="submit">Search</button>
          </form>
          <nav class="masthead-account" aria-label="Account">{slot("account")}</nav>
        </div>
        <nav class="masthead-nav" aria-label="Site">
          <ul>
            {nav.map((l) => (
              <li>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
            <li>
              <a href="/feeds/posts.atom" type="application/atom+xml">Subscribe (feed)</a>
            </li>
            <li>
              <button type="button" class="theme-switch" hidden>Theme</button>
            </li>
          </ul>
        </nav>
      </header>
    </>
  );
}

/** The account part of the masthead for this viewer; `pending` is the queue count for staff who moderate. */
export function AccountLinks({ user, pending }: { user: User | null; pending?: number | undefined }) {
  if (!user) {
    return (
      <>
        <a href="/login">Sign in</a> <a href="/signup">Sign up</a>
      </>
    );
  }
  return (
    <>
      {can.writePosts(user) || can.moderateComments(user) ? (
        <span class="staff-links">
          {can.writePosts(user) ? <a href="/editor">Editor</a> : null}{" "}
          {can.moderateComments(user) ? (
            <a href="/moderation">
              Moderation <span class="count-badge">{pending ?? 0}</span>
              <span class="visually-hidden"> waiting</span>
            </a>
          ) : null}
        </span>
      ) : null}{" "}
      <a href="/account">
        <bdi>{user.displayName}</bdi>
      </a>
    </>
  );
}

/** The readers' version, rendered once: every anonymous page view gets these same bytes. */
export const ANONYMOUS_ACCOUNT = renderToString(<AccountLinks user={null} />);

export function accountLinks(user: User | null, pending?: number): string {
  return user ? renderToString(<AccountLinks user={user} pending={pending} />) : ANONYMOUS_ACCOUNT;
}
