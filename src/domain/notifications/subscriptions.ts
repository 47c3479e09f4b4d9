import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { normaliseEmail, type AccountMailTemplates, type MailSite, type OutgoingMail } from "../mail/mail.js";
import type { MailToken } from "../users/ports.js";
import type { RateCounter } from "../moderation/flood-control.js";
import { mayMail } from "../users/reader-accounts.js";

/** Someone who wants to hear of new comments: replies to one comment, or a whole thread. */
export interface Subscription {
  readonly id: number;
  readonly siteId: number;
  readonly threadId: number;
  /** Replies to this comment; null: every new comment of the thread. */
  readonly commentId: number | null;
  readonly userId: number | null;
  readonly email: string;
  readonly confirmedAt: number | null;
  /** One mail a day with every new comment, instead of one mail each. */
  readonly digest: boolean;
}

export type NewSubscription = Omit<Subscription, "id" | "digest"> & { readonly createdAt: number; readonly digest?: boolean };

/** A subscription as its reader sees it listed: what it is about and where. */
export interface SubscriptionListing extends Subscription {
  readonly title: string;
  readonly href: string;
}

export interface SubscriptionStore {
  /** Stores it; with a token and its mail (a guest's first address) in the same transaction. */
  insertSubscription(s: NewSubscription, confirmation?: { token: Omit<MailToken, "subscriptionId">; mail: OutgoingMail }): Promise<Subscription>;
  findSubscription(id: number): Promise<Subscription | undefined>;
  /** Has this address confirmed a subscription before (a guest confirms an address once)? */
  hasConfirmedAddress(email: string): Promise<boolean>;
  /** Uses a confirmation token and confirms its subscription, in one transaction. */
  confirmByToken(tokenHash: string, now: number): Promise<Subscription | undefined>;
  /** Ends one subscription, or every subscription of its address; pending mails for them are cancelled. */
  deleteSubscription(id: number, everyOfAddress: boolean, now: number): Promise<number>;
  listSubscriptionsOf(userId: number): Promise<Subscription[]>;
  /** The same, with each discussion's title and address (the account page). */
  describeSubscriptionsOf(userId: number, publicUrl: string): Promise<SubscriptionListing[]>;
  setDigest(id: number, digest: boolean): Promise<void>;
}

export interface SubscribeDeps {
  readonly subscriptions: SubscriptionStore;
  readonly rateCounter: RateCounter;
  /** Confirmation mails one address may be sent per hour, whoever asks (as for account mails). */
  readonly mailsPerAddressPerHour: number;
  readonly mailTemplates: AccountMailTemplates;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
  /** Key that signs unsubscribe links. */
  readonly unsubscribeKey: string;
}

export const CONFIRM_HOURS = 48;

/**
 * "E-mail me when someone replies" (to this comment) or "follow this discussion" (comment null).
 * A signed-in reader's address counts as confirmed once it is verified (until then the
 * subscription waits, and verifying confirms it). A guest gives an address and confirms it once
 * by a mailed link (double opt-in); an address confirmed before is trusted again.
 */
export async function subscribe(
  deps: SubscribeDeps,
  site: MailSite & { id: number },
  input: { threadId: number; commentId: number | null; title: string; account?: { userId: number; email: string; emailVerified: boolean } | undefined; email?: string | undefined },
): Promise<{ subscription: Subscription; confirmationSent: boolean }> {
  const now = deps.clock.now();
  if (input.account) {
    const subscription = await deps.subscriptions.insertSubscription({ siteId: site.id, threadId: input.threadId, commentId: input.commentId, userId: input.account.userId, email: input.account.email, confirmedAt: input.account.emailVerified ? now : null, createdAt: now });
    return { subscription, confirmationSent: false };
  }
  const email = normaliseEmail(input.email ?? "");
  if (!email) throw new DomainError("invalid_input", "Give the e-mail address to notify (it is never shown).", "notifyEmail");
  const base = { siteId: site.id, threadId: input.threadId, commentId: input.commentId, userId: null, email, createdAt: now };
  if (await deps.subscriptions.hasConfirmedAddress(email)) return { subscription: await deps.subscriptions.insertSubscription({ ...base, confirmedAt: now }), confirmationSent: false };
  // An inbox is not flooded with confirmations from many networks: past its share, none is sent (and none can be confirmed).
  if (!(await mayMail(deps, email))) return { subscription: await deps.subscriptions.insertSubscription({ ...base, confirmedAt: null }), confirmationSent: false };
  const token = deps.random.token(32);
  const mail = deps.mailTemplates.confirmSubscription(site, { link: `${site.publicUrl}/subscriptions/confirm?token=${token}`, title: input.title, hours: CONFIRM_HOURS });
  const subscription = await deps.subscriptions.insertSubscription(
    { ...base, confirmedAt: null },
    { token: { tokenHash: deps.hasher.sha256(token), purpose: "confirm-subscription", userId: null, email, createdAt: now, expiresAt: now + CONFIRM_HOURS * 3_600_000 }, mail: { kind: "confirm-subscription", siteId: site.id, to: email, ...mail } },
  );
  return { subscription, confirmationSent: true };
}

export async function confirmSubscription(deps: Pick<SubscribeDeps, "subscriptions" | "clock" | "hasher">, token: string): Promise<Subscription> {
  const s = await deps.subscriptions.confirmByToken(deps.hasher.sha256(token), deps.clock.now());
  if (!s) throw new DomainError("not_found", "This link has expired or was used already.", "token");
  return s;
}

/** The signature in an unsubscribe link: it names one subscription, and nobody can forge another's. */
export function unsubscribeSignature(deps: Pick<SubscribeDeps, "hasher" | "unsubscribeKey">, subscriptionId: number): string {
  return deps.hasher.hmacSha256(deps.unsubscribeKey, `unsubscribe:${subscriptionId}`);
}

export function unsubscribeLink(deps: Pick<SubscribeDeps, "hasher" | "unsubscribeKey">, publicUrl: string, subscriptionId: number): string {
  return `${publicUrl}/unsubscribe?s=${subscriptionId}&k=${unsubscribeSignature(deps, subscriptionId)}`;
}

/** The signature in a "daily digest instead" (or "one e-mail each instead") link: one subscription, unforgeable. */
function digestSignature(deps: Pick<SubscribeDeps, "hasher" | "unsubscribeKey">, subscriptionId: number): string {
  return deps.hasher.hmacSha256(deps.unsubscribeKey, `digest:${subscriptionId}`);
}

/** A mailed link that switches one subscription to the daily digest (on) or back to single mails. */
export function digestLink(deps: Pick<SubscribeDeps, "hasher" | "unsubscribeKey">, publicUrl: string, subscriptionId: number, on: boolean): string {
  return `${publicUrl}/subscriptions/digest?s=${subscriptionId}&k=${digestSignature(deps, subscriptionId)}&on=${on ? 1 : 0}`;
}

/** Whoever holds the mailed link (guests too) switches the subscription between digest and single mails. */
export async function setDigestByLink(deps: Pick<SubscribeDeps, "subscriptions" | "hasher" | "unsubscribeKey">, input: { subscriptionId: number; signature: string; digest: boolean }): Promise<void> {
  if (!Number.isSafeInteger(input.subscriptionId) || deps.hasher.sha256(digestSignature(deps, input.subscriptionId)) !== deps.hasher.sha256(input.signature)) {
    throw new DomainError("not_found", "This link does not work: it is incomplete or was changed.", "k");
  }
  const s = await deps.subscriptions.findSubscription(input.subscriptionId);
  if (!s) throw new DomainError("not_found", "This subscription has ended.", "s");
  await deps.subscriptions.setDigest(s.id, input.digest);
}

/** One click (RFC 8058) or the page's button: ends the subscription, or every one of its address. */
export async function unsubscribe(deps: Pick<SubscribeDeps, "subscriptions" | "hasher" | "unsubscribeKey" | "clock">, input: { subscriptionId: number; signature: string; everything: boolean }): Promise<number> {
  // Compared through a hash, so the time taken says nothing about how much of a guess was right.
  if (!Number.isSafeInteger(input.subscriptionId) || deps.hasher.sha256(unsubscribeSignature(deps, input.subscriptionId)) !== deps.hasher.sha256(input.signature)) {
    throw new DomainError("not_found", "This unsubscribe link is not valid.", "s");
  }
  return deps.subscriptions.deleteSubscription(input.subscriptionId, input.everything, deps.clock.now());
}

/** The discussion a comment belongs to, as a subscription mail names it. */
export interface DiscussionTitle {
  readonly siteId: number;
  readonly title: string;
}

/**
 * After posting with "E-mail me when someone replies": a subscription to replies to that comment,
 * for the signed-in reader or the guest's address (confirmed once by mail).
 */
export async function subscribeToReplies(
  deps: SubscribeDeps & { readonly discussionTitle: (threadId: number) => Promise<DiscussionTitle>; readonly mailSite: (siteId: number) => Promise<MailSite & { id: number }> },
  input: { threadId: number; commentId: number; account?: { userId: number; email: string; emailVerified: boolean } | undefined; email?: string | undefined },
) {
  const discussion = await deps.discussionTitle(input.threadId);
  return subscribe(deps, await deps.mailSite(discussion.siteId), { threadId: input.threadId, commentId: input.commentId, title: discussion.title, account: input.account, email: input.email });
}

/**
 * A signed-in reader changes one of their subscriptions from the account page: a daily digest
 * instead of single mails (or back), or none at all. Someone else's subscription is not found.
 */
export async function changeOwnSubscription(deps: Pick<SubscribeDeps, "subscriptions" | "clock">, userId: number, input: { subscriptionId: number; digest?: boolean; stop?: boolean }): Promise<void> {
  const s = await deps.subscriptions.findSubscription(input.subscriptionId);
  if (!s || s.userId !== userId) throw new DomainError("not_found", "You have no such subscription.", "subscription");
  if (input.stop) await deps.subscriptions.deleteSubscription(s.id, false, deps.clock.now());
  else if (input.digest !== undefined) await deps.subscriptions.setDigest(s.id, input.digest);
}
