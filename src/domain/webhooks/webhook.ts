import type { Comment } from "../comments/comment.js";
import { anchorOf, numberLabel } from "../comments/comment.js";
import { DomainError } from "../shared/errors.js";
import { parseUrlOrRefuse } from "../shared/urls.js";
import type { DomainEvent } from "../shared/events.js";
import type { Hasher } from "../shared/deps.js";
import type { Site } from "../sites/site.js";
import type { Thread } from "../threads/thread.js";

/** What a site can be told about its discussions. */
export type WebhookEventType = "comment.created" | "comment.published" | "comment.edited" | "comment.removed";

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDelivery {
  readonly id: string;
  readonly siteId: number;
  readonly url: string;
  readonly event: WebhookEventType;
  /** The exact bytes sent (and signed). */
  readonly body: string;
  readonly createdAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly status: DeliveryStatus;
  /** The last answer: an HTTP status, or why there was none. */
  readonly lastResult: string | null;
  readonly lastAttemptAt: number | null;
}

/** A comment event a site's endpoint must hear of, written in the transaction of its cause. */
export interface PendingWebhookEvent {
  readonly id: number;
  readonly siteId: number;
  readonly commentId: number;
  readonly event: WebhookEventType;
  readonly at: number;
}

export type NewDelivery = Pick<WebhookDelivery, "id" | "siteId" | "url" | "event" | "body" | "createdAt">;

export interface WebhookStore {
  /** Stored before anything is sent, so a delivery outlives a restart; a known id is kept as it is. */
  enqueueDelivery(d: NewDelivery): Promise<void>;
  /** The oldest events not yet turned into deliveries. */
  pendingEvents(limit: number): Promise<PendingWebhookEvent[]>;
  /** The events' deliveries stored and the events gone, together (a delivery id seen before is kept as it is). */
  settleEvents(eventIds: readonly number[], deliveries: readonly NewDelivery[]): Promise<void>;
  /** Takes up to `limit` deliveries that are due, so no other node sends them for `leaseMs`. */
  claimDueDeliveries(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  recordAttempt(id: string, outcome: { status: DeliveryStatus; result: string; at: number; nextAttemptAt: number }): Promise<void>;
  listDeliveries(siteId: number, limit: number): Promise<WebhookDelivery[]>;
}

/** Tried for a day, waiting longer each time: 30 s, 2 min, 10 min, 30 min, then hourly. */
const DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000];
export const RETRY_FOR_MS = 24 * 3600_000;

/** When to try again after `attempts` failed tries, or null when the day is over. */
export function nextAttemptAfter(attempts: number, createdAt: number, now: number): number | null {
  const next = now + (DELAYS_MS[attempts - 1] ?? 3600_000);
  return next - createdAt > RETRY_FOR_MS ? null : next;
}

/** An endpoint must be HTTPS; plain HTTP only to this machine (development). */
export function checkWebhookUrl(text: string): string {
  const url = parseUrlOrRefuse(text, "webhookUrl", "The webhook address is not a full URL.");
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new DomainError("invalid_input", "A webhook address must use https (http only for 127.0.0.1 or localhost).", "webhookUrl");
  }
  if (url.username || url.password) throw new DomainError("invalid_input", "Put no credentials in the webhook address: check the signature instead.", "webhookUrl");
  return url.toString();
}

/**
 * The signature headers of the Standard Webhooks specification: `webhook-signature` is
 * "v1," + base64 HMAC-SHA256 of "id.timestamp.body" under the site's secret (its UTF-8 bytes).
 */
export function signatureHeaders(hasher: Pick<Hasher, "hmacSha256">, secret: string, id: string, timestampS: number, body: string): Record<string, string> {
  const mac = Buffer.from(hasher.hmacSha256(secret, `${id}.${timestampS}.${body}`), "base64url").toString("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestampS), "webhook-signature": `v1,${mac}` };
}

/** Which webhook a domain event is, if any. */
export function webhookEventOf(e: DomainEvent): WebhookEventType | undefined {
  switch (e.type) {
    case "comment.created":
      return "comment.created";
    case "comment.edited":
      return "comment.edited";
    case "comment.removed":
      return "comment.removed";
    case "comment.moderated":
      return webhookEventOfDecision(e.status);
    default:
      return undefined;
  }
}

/** Which webhook a moderator's decision to this status is: approval publishes, removal and spam remove. */
export function webhookEventOfDecision(status: string): WebhookEventType | undefined {
  return status === "published" ? "comment.published" : status === "removed_by_moderator" || status === "spam" ? "comment.removed" : undefined;
}

/** The JSON body of a delivery: { type, timestamp, data } as the Standard Webhooks payload is shaped. */
export function deliveryBody(type: WebhookEventType, at: number, site: Site, thread: Thread, comment: Comment, pageUrl: string | null): string {
  const shown = comment.status === "published" || comment.status === "pending";
  return JSON.stringify({
    type,
    timestamp: new Date(at).toISOString(),
    data: {
      site: { id: site.id, key: site.publicKey },
      thread: { id: thread.id, url: thread.page?.url ?? pageUrl, title: thread.page?.title ?? null },
      comment: {
        id: comment.id,
        number: numberLabel(comment.numberPath),
        url: pageUrl ? `${pageUrl}#${anchorOf(comment.numberPath)}` : null,
        parentId: comment.parentId,
        status: comment.status,
        authorName: shown ? comment.authorName : null,
        signedIn: comment.authorUserId !== null,
        bodyHtml: shown ? comment.bodyHtml : null,
        bodySource: shown ? comment.bodySource : null,
        createdAt: new Date(comment.createdAt).toISOString(),
        editedAt: comment.editedAt === null ? null : new Date(comment.editedAt).toISOString(),
      },
    },
  });
}
