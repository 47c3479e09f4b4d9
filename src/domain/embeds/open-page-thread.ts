import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine, cutTo } from "../shared/text.js";
import type { Site, SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import type { Thread } from "../threads/thread.js";
import { normalisePageUrl, originOf } from "./page-url.js";
import { checkFlood, type FloodLimits, type RateCounter } from "../moderation/flood-control.js";

export interface PageThreadDeps {
  readonly sites: Pick<SiteStore, "findSiteByKey">;
  readonly threads: Pick<ThreadStore, "findPageThread" | "createPageThread">;
  readonly clock: Clock;
  readonly rateCounter: RateCounter;
  readonly floodLimits: FloodLimits;
}

export interface PageThreadInput {
  /** The site's public key, from the snippet. */
  readonly siteKey: string;
  /** The page's canonical address, as the widget found it. */
  readonly url: string;
  /** The page's title, as the widget found it (stored as plain text). */
  readonly title?: string | undefined;
  /** The reader's network (hashNetwork): how many new discussions it opens is limited. */
  readonly networkHash: string;
}

const MAX_TITLE = 300;

/** The embedding site named by a snippet's key; our own blog has no key that embeds. */
export async function findEmbeddingSite(deps: Pick<PageThreadDeps, "sites">, siteKey: string): Promise<Site> {
  const site = siteKey ? await deps.sites.findSiteByKey(siteKey) : undefined;
  if (!site || site.origins.length === 0) throw new DomainError("not_found", "No embedding site has this key: check data-site in the snippet.", "site");
  return site;
}

/**
 * The thread of an embedding site's page, found by (site, normalised address) and made on first
 * sight — only for an address on one of the site's allowed origins, so nobody can create threads
 * for pages the site does not have, and at most `newPagesPerHour` a network: a reader opens a few
 * new articles an hour, while a script requesting made-up addresses of an allowed origin would
 * otherwise add a thread (a row, and a page in the cache) with every request.
 */
export async function openPageThread(deps: PageThreadDeps, input: PageThreadInput): Promise<{ site: Site; thread: Thread; url: string }> {
  const site = await findEmbeddingSite(deps, input.siteKey);
  const url = normalisePageUrl(input.url);
  if (!site.origins.includes(originOf(url))) {
    throw new DomainError("forbidden", `${originOf(url)} is not one of the origins allowed to embed ${site.name}'s discussions.`, "url");
  }
  const found = await deps.threads.findPageThread(site.id, url);
  if (found) return { site, thread: found, url };
  await checkFlood(deps, "page", { networkHash: input.networkHash });
  const title = cutTo(cleanLine(input.title ?? ""), MAX_TITLE) || url;
  return { site, thread: await deps.threads.createPageThread(site.id, url, title, deps.clock.now()), url };
}
