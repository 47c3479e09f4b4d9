import { renderPostMarkdown } from "../markup/render-markdown.js";
import type { ModerationStore } from "../moderation/ports.js";
import { slugify } from "../posts/post.js";
import type { Clock } from "../shared/deps.js";
import { DomainError, savedMeanwhile } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import { cleanLine, cleanText, cutTo, lengthOf } from "../shared/text.js";
import { can } from "../users/policies.js";
import type { User } from "../users/user.js";
import { actorIdOf } from "../users/operator.js";

/** A page that is not news: About, Contact, Policy. Markdown like posts, at /pages/<slug>, optionally in the navigation. */
export interface StaticPage {
  readonly id: number;
  readonly siteId: number;
  readonly slug: string;
  readonly title: string;
  readonly bodySource: string;
  readonly bodyHtml: string;
  /** Shown in the masthead's navigation (after the site's own links) and the footer. */
  readonly inNav: boolean;
  /** Order among the pages in the navigation, smallest first. */
  readonly position: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type StaticPageFields = Pick<StaticPage, "slug" | "title" | "bodySource" | "bodyHtml" | "inNav" | "position">;

export interface StaticPageStore {
  listPages(siteId: number): Promise<StaticPage[]>;
  findPage(siteId: number, slug: string): Promise<StaticPage | undefined>;
  findPageById(id: number): Promise<StaticPage | undefined>;
  /** Inserts (no id) or updates; a slug another page of the site has is a conflict. */
  /** With `expectedUpdatedAt`: only if the page is still that version (else the conflict of savedMeanwhile). */
  savePage(siteId: number, fields: StaticPageFields, at: number, id?: number, expectedUpdatedAt?: number): Promise<StaticPage>;
  deletePage(id: number): Promise<void>;
}

export const PAGE_LIMITS = Object.freeze({ title: 120, slug: 60, body: 100_000, pages: 50 });

type Deps = { pages: StaticPageStore; moderation: Pick<ModerationStore, "log">; clock: Clock; events: Events };

function assertAllowed(actor: User | null): asserts actor is User {
  if (!can.configureSite(actor)) throw new DomainError("forbidden", "Only an admin can change the site's pages.");
}

/** An admin writes or changes a page; the navigation and every cached page follow at once. Logged. */
export async function saveStaticPage(
  deps: Deps,
  input: {
    actor: User | null;
    siteId: number;
    id?: number | undefined;
    title: string;
    slug: string;
    body: string;
    inNav: boolean;
    position: string;
    /** The page's `updatedAt` when the admin opened it: a save over a later one is refused (conflict). */
    basedOn?: number | undefined;
  },
): Promise<StaticPage> {
  assertAllowed(input.actor);
  const title = cleanLine(input.title);
  if (title === "") throw new DomainError("invalid_input", "A page needs a title.", "title");
  if (lengthOf(title) > PAGE_LIMITS.title) throw new DomainError("invalid_input", `A title can be at most ${PAGE_LIMITS.title} characters.`, "title");
  const typed = cleanLine(input.slug);
  const slug = cutTo(slugify(typed || title), PAGE_LIMITS.slug);
  if (typed !== "" && slug !== typed.toLowerCase()) throw new DomainError("invalid_input", `Use lower-case letters, digits and hyphens in the address, e.g. "${slug}".`, "slug");
  if (slug === "") throw new DomainError("invalid_input", "Give the page an address of letters or digits.", "slug");
  const body = cleanText(input.body).trim();
  if (body === "") throw new DomainError("invalid_input", "A page needs some text.", "body");
  if (lengthOf(body) > PAGE_LIMITS.body) throw new DomainError("invalid_input", "The text is too long.", "body");
  const position = input.position.trim() === "" ? 0 : Number(input.position);
  if (!Number.isInteger(position) || position < 0 || position > 999) throw new DomainError("invalid_input", "The position is a whole number from 0 to 999.", "position");
  const existing = input.id === undefined ? undefined : await deps.pages.findPageById(input.id);
  if (input.id !== undefined && !existing) throw new DomainError("not_found", "There is no such page.");
  if (existing && input.basedOn !== undefined && existing.updatedAt !== input.basedOn) throw savedMeanwhile("page");
  if (input.id === undefined && (await deps.pages.listPages(input.siteId)).length >= PAGE_LIMITS.pages) throw new DomainError("invalid_input", `A site can have at most ${PAGE_LIMITS.pages} pages.`, "title");
  const page = await deps.pages.savePage(input.siteId, { slug, title, bodySource: body, bodyHtml: renderPostMarkdown(body), inNav: input.inNav, position }, deps.clock.now(), input.id, input.basedOn);
  await logged(deps, input.actor, input.siteId, `page “${title}” (/pages/${slug}) ${input.id === undefined ? "added" : "changed"}`);
  return page;
}

export async function deleteStaticPage(deps: Deps, input: { actor: User | null; id: number }): Promise<void> {
  assertAllowed(input.actor);
  const page = await deps.pages.findPageById(input.id);
  if (!page) throw new DomainError("not_found", "There is no such page.");
  await deps.pages.deletePage(page.id);
  await logged(deps, input.actor, page.siteId, `page “${page.title}” (/pages/${page.slug}) deleted`);
}

async function logged(deps: Deps, actor: User, siteId: number, detail: string): Promise<void> {
  await deps.moderation.log({ siteId, actorId: actorIdOf(actor), action: "settings", commentId: null, detail, reason: "", at: deps.clock.now() });
  deps.events.publish({ type: "site.changed", siteId });
}
