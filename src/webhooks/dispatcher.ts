import type { CommentStore } from "../domain/comments/ports.js";
import type { Clock, Hasher, Random } from "../domain/shared/deps.js";
import type { DomainEvent } from "../domain/shared/events.js";
import type { SiteStore } from "../domain/sites/site.js";
import type { ThreadStore } from "../domain/threads/ports.js";
import { deliveryBody, nextAttemptAfter, signatureHeaders, webhookEventOf, type WebhookStore } from "../domain/webhooks/webhook.js";

export interface DispatcherDeps {
  readonly webhooks: WebhookStore;
  readonly comments: Pick<CommentStore, "findComment">;
  readonly threads: Pick<ThreadStore, "findThread">;
  readonly sites: Pick<SiteStore, "getSite" | "getSiteSecret" | "listSites">;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly random: Random;
  /** The blog's address: our own posts' pages are under it. */
  readonly publicUrl: string;
  /** Where posts live: a thread of ours has the post's page as its address. */
  readonly postUrlOf: (threadId: number) => Promise<string | null>;
  readonly onError: (err: unknown) => void;
}

const SEND_TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
const BATCH = 20;
/** A webhook address set on the Sites page (or by the CLI, another process) applies within this. */
const HOOKED_TTL_MS = 5_000;

/**
 * Webhooks: each comment event of this node becomes a stored delivery for its site's endpoint (if it
 * has one) before anything is sent; deliveries are sent, signed, and retried with backoff for a
 * day. Every node sends what is due, claiming each delivery first, so a delivery goes out once
 * (at least once: a node that dies after sending but before recording sends it again after the
 * lease — receivers deduplicate by `webhook-id`, as the specification asks).
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Events being turned into deliveries: a stop waits for them, so none is cut off mid-store. */
  private readonly storing = new Set<Promise<void>>();

  constructor(private readonly deps: DispatcherDeps) {}

  /** Events from other nodes are theirs to store: only this node's own become deliveries. */
  onEvent(event: DomainEvent, remote: boolean): Promise<void> {
    if (event.type === "site.changed" || event.type === "events.gap") this.hooked = undefined;
    if (remote || !webhookEventOf(event)) return Promise.resolve();
    const p = this.storeIfHooked(event).finally(() => this.storing.delete(p));
    this.storing.add(p);
    return p;
  }

  /**
   * Which sites have an endpoint, read at most every few seconds: every comment posted asks, and
   * most sites have none, so a comment costs no read at all then.
   */
  private hooked: { sites: Promise<Set<number>>; until: number } | undefined;

  private async storeIfHooked(event: DomainEvent): Promise<void> {
    const now = this.deps.clock.now();
    if (!this.hooked || this.hooked.until <= now) {
      const sites = this.deps.sites.listSites().then((all) => new Set(all.filter((s) => s.webhookUrl !== null).map((s) => s.id)));
      this.hooked = { sites, until: now + HOOKED_TTL_MS };
      sites.catch(() => (this.hooked = undefined));
    }
    if ((await this.hooked.sites).size === 0) return;
    await this.store(event);
  }

  private async store(event: DomainEvent): Promise<void> {
    const type = webhookEventOf(event);
    if (!type || !("commentId" in event)) return;
    const comment = await this.deps.comments.findComment(event.commentId);
    const thread = comment && (await this.deps.threads.findThread(comment.threadId));
    if (!comment || !thread) return;
    const site = await this.deps.sites.getSite(thread.siteId);
    if (!site.webhookUrl) return;
    const now = this.deps.clock.now();
    const pageUrl = thread.page?.url ?? (await this.deps.postUrlOf(thread.id));
    await this.deps.webhooks.enqueueDelivery({
      id: `msg_${this.deps.random.token(18)}`,
      siteId: site.id,
      url: site.webhookUrl,
      event: type,
      body: deliveryBody(type, now, site, thread, comment, pageUrl),
      createdAt: now,
    });
    this.kick();
  }

  /** Sends what is due now; resolves when this round's sends have been recorded. */
  runOnce(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  start(everyMs = 5_000): void {
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.storing]);
    await this.running;
  }

  private kick(): void {
    this.runOnce().catch(this.deps.onError);
  }

  private async round(): Promise<void> {
    const due = await this.deps.webhooks.claimDueDeliveries(this.deps.clock.now(), BATCH, LEASE_MS);
    await Promise.all(due.map((d) => this.send(d)));
  }

  private async send(d: Awaited<ReturnType<WebhookStore["claimDueDeliveries"]>>[number]): Promise<void> {
    const secret = await this.deps.sites.getSiteSecret(d.siteId);
    const at = this.deps.clock.now();
    const headers = { "content-type": "application/json", "user-agent": "Broadsheet-Webhooks/1", ...signatureHeaders(this.deps.hasher, secret, d.id, Math.floor(at / 1000), d.body) };
    let result: string;
    let ok = false;
    try {
      const res = await fetch(d.url, { method: "POST", headers, body: d.body, redirect: "manual", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      await res.body?.cancel();
      ok = res.status >= 200 && res.status < 300;
      result = `HTTP ${res.status}`;
    } catch (err) {
      result = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    const now = this.deps.clock.now();
    const retryAt = ok ? null : nextAttemptAfter(d.attempts + 1, d.createdAt, now);
    await this.deps.webhooks.recordAttempt(d.id, { status: ok ? "delivered" : retryAt === null ? "failed" : "pending", result, at: now, nextAttemptAt: retryAt ?? now });
  }
}
