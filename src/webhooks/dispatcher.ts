import type { CommentStore } from "../domain/comments/ports.js";
import type { Clock, Hasher } from "../domain/shared/deps.js";
import type { DomainEvent } from "../domain/shared/events.js";
import { Rounds } from "../domain/shared/rounds.js";
import type { SiteStore } from "../domain/sites/site.js";
import type { ThreadStore } from "../domain/threads/ports.js";
import { deliveryBody, nextAttemptAfter, signatureHeaders, webhookEventOf, type NewDelivery, type PendingWebhookEvent, type WebhookStore } from "../domain/webhooks/webhook.js";

export interface DispatcherDeps {
  readonly webhooks: WebhookStore;
  readonly comments: Pick<CommentStore, "findComment">;
  readonly threads: Pick<ThreadStore, "findThread">;
  readonly sites: Pick<SiteStore, "getSite" | "getSiteSecret" | "listSites">;
  readonly clock: Clock;
  readonly hasher: Hasher;
  /** The blog's address: our own posts' pages are under it. */
  readonly publicUrl: string;
  /** Where posts live: a thread of ours has the post's page as its address. */
  readonly postUrlOf: (threadId: number) => Promise<string | null>;
  readonly onError: (err: unknown) => void;
}

const SEND_TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
const BATCH = 20;
const EVENT_BATCH = 100;
/** A webhook address set on the Sites page (or by the CLI, another process) applies within this. */
const HOOKED_TTL_MS = 5_000;

/**
 * Webhooks: every change to a comment of a site with an endpoint leaves a row in `webhook_events`
 * in its own transaction (storage/webhook-events.ts), so no commit's event is lost to a crash. Each
 * round turns those rows into stored, signed deliveries — the delivery's id derived from the event's
 * row, so two nodes (or a node that died half-way) make one delivery of it — then sends what is due,
 * retried with backoff for a day. Every node sends what is due, claiming each delivery first, so a
 * delivery goes out once (at least once: a node that dies after sending but before recording sends
 * it again after the lease — receivers deduplicate by `webhook-id`, as the specification asks).
 * This node's own comment events start a round at once; otherwise rounds run every few seconds.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly rounds = new Rounds(() => this.round());

  constructor(private readonly deps: DispatcherDeps) {}

  /** A comment event of this node starts a round now, when some site has an endpoint. */
  async onEvent(event: DomainEvent, remote: boolean): Promise<void> {
    if (event.type === "site.changed" || event.type === "events.gap") this.hooked = undefined;
    if (remote || !webhookEventOf(event)) return;
    if ((await this.hookedSites()).size > 0) this.kick();
  }

  /**
   * Which sites have an endpoint, read at most every few seconds: every comment posted asks, and
   * most sites have none, so a comment costs no read at all then.
   */
  private hooked: { sites: Promise<Set<number>>; until: number } | undefined;

  private hookedSites(): Promise<Set<number>> {
    const now = this.deps.clock.now();
    if (!this.hooked || this.hooked.until <= now) {
      const sites = this.deps.sites.listSites().then((all) => new Set(all.filter((s) => s.webhookUrl !== null).map((s) => s.id)));
      this.hooked = { sites, until: now + HOOKED_TTL_MS };
      sites.catch(() => (this.hooked = undefined));
    }
    return this.hooked.sites;
  }

  /** The pending events as deliveries, stored, and the events settled, a batch at a time. */
  private async storeEvents(): Promise<void> {
    for (;;) {
      const events = await this.deps.webhooks.pendingEvents(EVENT_BATCH);
      if (events.length === 0) return;
      const deliveries: NewDelivery[] = [];
      for (const e of events) {
        const d = await this.deliveryOf(e);
        if (d) deliveries.push(d);
      }
      await this.deps.webhooks.settleEvents(events.map((e) => e.id), deliveries);
      if (events.length < EVENT_BATCH) return;
    }
  }

  /** An event's delivery, with the comment as it is now; none when the comment, its thread or the endpoint is gone. */
  private async deliveryOf(e: PendingWebhookEvent): Promise<NewDelivery | undefined> {
    const comment = await this.deps.comments.findComment(e.commentId);
    const thread = comment && (await this.deps.threads.findThread(comment.threadId));
    if (!comment || !thread) return undefined;
    const site = await this.deps.sites.getSite(e.siteId);
    if (!site.webhookUrl) return undefined;
    const pageUrl = thread.page?.url ?? (await this.deps.postUrlOf(thread.id));
    return {
      id: `msg_${this.deps.hasher.sha256(`webhook-event.${site.id}.${e.id}.${e.at}`).slice(0, 24)}`,
      siteId: site.id,
      url: site.webhookUrl,
      event: e.event,
      body: deliveryBody(e.event, e.at, site, thread, comment, pageUrl),
      createdAt: e.at,
    };
  }

  /** Sends what is due now (in a round that starts after this call); resolves when its sends have been recorded. */
  runOnce(): Promise<void> {
    return this.rounds.run();
  }

  start(everyMs = 5_000): void {
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.rounds.idle();
  }

  private kick(): void {
    this.runOnce().catch(this.deps.onError);
  }

  private async round(): Promise<void> {
    await this.storeEvents();
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
