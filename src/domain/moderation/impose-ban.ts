import type { CommentStore } from "../comments/ports.js";
import type { Clock } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import type { ThreadStore } from "../threads/ports.js";
import type { UserStore } from "../users/ports.js";
import type { Role } from "../users/user.js";
import type { Ban } from "./ban.js";
import { assertModerator, cleanReason } from "./moderator.js";
import type { ModerationStore } from "./ports.js";
import type { SiteStore } from "../sites/site.js";

export interface ImposeBanDeps {
  readonly comments: Pick<CommentStore, "findComment">;
  readonly moderation: Pick<ModerationStore, "authorOf" | "insertBan">;
  readonly users: Pick<UserStore, "findUserById" | "countUsersWithRole">;
  readonly threads: Pick<ThreadStore, "findThread">;
  readonly clock: Clock;
}

/** Ban lengths a moderator can choose; null is permanent. */
export const BAN_DURATIONS: Readonly<Record<string, number | null>> = Object.freeze({
  "1d": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  permanent: null,
});

type Actor = { readonly id: number; readonly role: Role } | null;

/** Where a ban holds: on every site of this installation (the default), or only on the comment's site. */
export type BanScope = "everywhere" | "site";
export const BAN_SCOPES: readonly BanScope[] = ["everywhere", "site"];

function checkScope(scope: string | undefined): BanScope {
  if (scope === undefined || scope === "") return "everywhere";
  if (!(BAN_SCOPES as readonly string[]).includes(scope)) throw new DomainError("invalid_input", "A ban holds on every site or on this site only.", "scope");
  return scope as BanScope;
}

function expiry(duration: string, now: number): number | null {
  if (!Object.hasOwn(BAN_DURATIONS, duration)) throw new DomainError("invalid_input", "Choose how long the ban lasts.", "duration");
  const ms = BAN_DURATIONS[duration] ?? null;
  return ms === null ? null : now + ms;
}

/**
 * Bans the author of a comment: their account when they were signed in, otherwise their network.
 * Nobody can ban themselves, and the last admin cannot be banned (the site would have no owner).
 * Bans are read from the database on every post, so they hold at once on every node.
 */
export async function banCommentAuthor(
  deps: ImposeBanDeps,
  input: { actor: Actor; commentId: number; threadId: number; duration: string; reason?: string | undefined; scope?: string | undefined },
): Promise<Ban> {
  assertModerator(input.actor);
  const reason = cleanReason(input.reason);
  const scope = checkScope(input.scope);
  const now = deps.clock.now();
  const expiresAt = expiry(input.duration, now);
  const comment = await deps.comments.findComment(input.commentId);
  if (!comment) throw new DomainError("not_found", "That comment does not exist.", "commentId");
  if (comment.threadId !== input.threadId) throw new DomainError("comment_in_other_thread", "That comment belongs to another discussion.", "threadId");
  const thread = await deps.threads.findThread(comment.threadId);
  const siteId = scope === "site" ? (thread?.siteId ?? null) : null;
  const author = await deps.moderation.authorOf(comment.id);
  if (!author) throw new DomainError("not_found", "That comment does not exist.", "commentId");
  if ("userId" in author) {
    if (author.userId === input.actor.id) throw new DomainError("forbidden", "You cannot ban yourself.");
    const user = await deps.users.findUserById(author.userId);
    if (user?.role === "admin" && (await deps.users.countUsersWithRole("admin")) <= 1) {
      throw new DomainError("forbidden", "The last admin cannot be banned.");
    }
    if (user && user.role !== "commenter" && input.actor.role !== "admin") {
      throw new DomainError("forbidden", "Only an admin can ban a member of staff.");
    }
    return deps.moderation.insertBan({ kind: "user", value: String(author.userId), reason, createdBy: input.actor.id, createdAt: now, expiresAt, siteId });
  }
  if (author.networkHash === "") throw new DomainError("conflict", "This comment has no recorded network to ban.");
  return deps.moderation.insertBan({ kind: "network", value: author.networkHash, reason, createdBy: input.actor.id, createdAt: now, expiresAt, siteId });
}

/** Bans every account with an e-mail address at this domain (and its subdomains), on every site or on one. */
export async function banEmailDomain(
  deps: Pick<ImposeBanDeps, "moderation" | "clock"> & { moderation: Pick<ModerationStore, "insertBan">; sites: Pick<SiteStore, "getSite"> },
  input: { actor: Actor & { email?: string }; domain: string; duration: string; reason?: string | undefined; siteId?: number | null | undefined },
): Promise<Ban> {
  assertModerator(input.actor);
  const reason = cleanReason(input.reason);
  const domain = input.domain.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
  if (!/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    throw new DomainError("invalid_input", "Give a domain such as example.com.", "domain");
  }
  if (input.actor.email && (input.actor.email.toLowerCase().endsWith(`@${domain}`) || input.actor.email.toLowerCase().endsWith(`.${domain}`))) {
    throw new DomainError("forbidden", "You cannot ban your own e-mail domain.", "domain");
  }
  const siteId = input.siteId ?? null;
  if (siteId !== null) await deps.sites.getSite(siteId); // a site that is not there is named (not_found)
  const now = deps.clock.now();
  return deps.moderation.insertBan({ kind: "email_domain", value: domain, reason, createdBy: input.actor.id, createdAt: now, expiresAt: expiry(input.duration, now), siteId });
}

/** Ends a ban early. */
export async function liftBan(deps: { moderation: Pick<ModerationStore, "liftBan">; clock: Clock }, input: { actor: Actor; banId: number }): Promise<Ban> {
  assertModerator(input.actor);
  const lifted = await deps.moderation.liftBan(input.banId, input.actor.id, deps.clock.now());
  if (!lifted) throw new DomainError("not_found", "That ban does not exist or was already lifted.", "banId");
  return lifted;
}
