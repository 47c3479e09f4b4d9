import crypto from "node:crypto";
import pg from "pg";
import type { DomainEvent } from "../domain/shared/events.js";
import type { EventBus, Listener } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";

/**
 * Events for several nodes on one PostgreSQL: each event goes to this process's listeners at once
 * and to every other node through `NOTIFY` (delivered only after the publishing statement commits,
 * and in commit order). One dedicated connection per node `LISTEN`s; if it drops, it reconnects and
 * tells local listeners that events may have been missed (`events.gap`: caches clear, live readers resync).
 */
const REMOTE = { remote: true } as const;

export class PgBus implements EventBus {
  private readonly local = new InProcessBus();
  private readonly node = crypto.randomUUID();
  private listener: pg.Client | undefined;
  private closed = false;
  private outbox: string[] = [];

  constructor(
    private readonly config: { connectionString: string; schema?: string | undefined },
    /** Sends payloads in order, in one round trip. */
    private readonly notify: (channel: string, payloads: readonly string[]) => Promise<void>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Channel per database schema, so test schemas sharing a server never hear each other. */
  get channel(): string {
    return `broadsheet_events${this.config.schema ? `_${this.config.schema}` : ""}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  }

  get connected(): boolean {
    return this.listener !== undefined && !this.closed;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.connectionString });
    client.on("notification", (m) => this.deliver(m.payload));
    client.on("error", (err) => this.lost(client, err));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.listener = client;
  }

  publish(event: DomainEvent): void {
    this.local.publish(event);
    // Events published in the same turn of the event loop leave together, in order.
    if (this.outbox.push(JSON.stringify({ node: this.node, event })) === 1) setImmediate(() => this.send());
  }

  subscribe(listener: Listener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.local.close();
  }

  private send(): void {
    const payloads = this.outbox;
    this.outbox = [];
    this.notify(this.channel, payloads).catch(this.onError);
  }

  private deliver(payload: string | undefined): void {
    try {
      const { node, event } = JSON.parse(payload ?? "") as { node: string; event: DomainEvent };
      if (node !== this.node) this.local.deliver(event, REMOTE);
    } catch (err) {
      this.onError(err);
    }
  }

  /** The LISTEN connection failed (the server restarted, or ended it): listen again on a fresh one. */
  private lost(client: pg.Client, err: unknown): void {
    this.onError(err);
    // A connection that never started listening, or was replaced already, has nobody to retry for.
    if (this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    const retry = (delay: number) =>
      setTimeout(() => {
        if (this.closed) return;
        this.start().then(
          () => this.local.publish({ type: "events.gap" }),
          () => retry(Math.min(delay * 2, 10_000)),
        );
      }, delay).unref();
    retry(200);
  }
}
