import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { Events } from "../shared/events.js";
import type { ModerationStore } from "../moderation/ports.js";
import type { SiteStore } from "../sites/site.js";
import type { ThreadStore } from "../threads/ports.js";
import type { Thread } from "../threads/thread.js";
import { can } from "../users/policies.js";
import type { Role } from "../users/user.js";
import { normalisePageUrl, originOf } from "./page-url.js";
import { cutTo } from "../shared/text.js";

export interface PageAddressDeps {
  readonly threads: Pick<ThreadStore, "findThread" | "attachPageUrl" | "mergeThreads">;
  readonly sites: Pick<SiteStore, "getSite">;
  readonly moderation: Pick<ModerationStore, "log">;
  readonly events: Events;
  readonly clock: Clock;
}

type Staff = { readonly id: number; readonly role: Role } | null;

async function pageThread(deps: PageAddressDeps, id: number, field: string): Promise<Thread> {
  const thread = await deps.threads.findThread(id);
  if (!thread || !thread.page) throw new DomainError("not_found", `Discussion ${id} is not an embedded page's discussion.`, field);
  return thread;
}

/**
 * Staff give a thread another address (an AMP copy, a syndicated copy, the page's old address):
 * readers there see the same discussion. An address that already has a discussion of its own is
 * refused — merge the two instead.
 */
export async function attachPageUrl(deps: PageAddressDeps, input: { actor: Staff; threadId: number; url: string }): Promise<{ url: string }> {
  if (!can.moderateComments(input.actor)) throw new DomainError("forbidden", "Only staff can change a discussion's addresses.");
  const thread = await pageThread(deps, input.threadId, "threadId");
  const site = await deps.sites.getSite(thread.siteId);
  const url = normalisePageUrl(input.url);
  if (!site.origins.includes(originOf(url))) throw new DomainError("invalid_input", `${originOf(url)} is not one of ${site.name}'s origins.`, "url");
  const outcome = await deps.threads.attachPageUrl(site.id, url, thread.id, deps.clock.now());
  if (outcome.taken !== undefined && outcome.taken !== thread.id) {
    throw new DomainError("conflict", `That address already has its own discussion (${outcome.taken}): merge the two instead.`, "url");
  }
  await deps.moderation.log({ siteId: site.id, actorId: input.actor?.id ?? null, action: "attach_url", commentId: null, detail: `thread ${thread.id} ← ${url}`, reason: "", at: deps.clock.now() });
  deps.events.publish({ type: "thread.changed", threadId: thread.id });
  return { url };
}

/**
 * Staff merge one page's discussion into another's (decision record 005): the surviving thread's
 * comments keep every number they have; the merged thread's top-level comments follow its last
 * number in the order they were posted, replies keeping their place under them. The merged
 * thread's addresses now lead to the surviving one.
 */
export async function mergeThreads(
  deps: PageAddressDeps,
  input: { actor: Staff; fromThreadId: number; intoThreadId: number },
): Promise<{ moved: number; renumbered: ReadonlyArray<readonly [from: string, to: string]> }> {
  if (!can.moderateComments(input.actor)) throw new DomainError("forbidden", "Only staff can merge discussions.");
  if (input.fromThreadId === input.intoThreadId) throw new DomainError("invalid_input", "A discussion cannot be merged into itself.", "intoThreadId");
  const from = await pageThread(deps, input.fromThreadId, "fromThreadId");
  const into = await pageThread(deps, input.intoThreadId, "intoThreadId");
  if (from.siteId !== into.siteId) throw new DomainError("invalid_input", "Only discussions of the same site can be merged.", "intoThreadId");
  const result = await deps.threads.mergeThreads(from.id, into.id);
  const moves = result.renumbered.map(([a, b]) => `${a}→${b}`).join(" ");
  await deps.moderation.log({ siteId: into.siteId, actorId: input.actor?.id ?? null, action: "merge_threads", commentId: null, detail: cutTo(`thread ${from.id} into ${into.id}: ${moves}`, 2000), reason: "", at: deps.clock.now() });
  deps.events.publish({ type: "thread.changed", threadId: from.id });
  deps.events.publish({ type: "thread.changed", threadId: into.id });
  return result;
}
