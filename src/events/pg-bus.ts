import crypto from "node:crypto";
import type pg from "pg";
import { loadPg } from "../storage/db.js";
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

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more, failing the whole statement with it. */
export const MAX_PAYLOAD_BYTES = 7_900;
/** UTF-16 units per fragment: at most 3 UTF-8 bytes each, so a fragment and its wrapper stay under the limit. */
const FRAGMENT_UNITS = 2_000;

/** One event as NOTIFY payloads: whole when it fits, else in fragments that arrive together, in order. */
export function toPayloads(node: string, seq: number, event: DomainEvent): string[] {
  const whole = JSON.stringify({ node, event });
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES) return [whole];
  const text = JSON.stringify(event);
  const parts: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + FRAGMENT_UNITS, text.length);
    // Never cut a surrogate pair in two: each half alone is not valid UTF-8.
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? "")) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts.map((data, i) => JSON.stringify({ node, part: [seq, i, parts.length], data }));
}

export class PgBus implements EventBus {
  private readonly local = new InProcessBus();
  private readonly node = crypto.randomUUID();
  private listener: pg.Client | undefined;
  private closed = false;
  private outbox: string[] = [];
  private seq = 0;
  /** Fragments of an event from another node, until its last arrives. */
  private readonly partial = new Map<string, string[]>();

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
    const client = new (loadPg().Client)({ connectionString: this.config.connectionString });
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
    const first = this.outbox.length === 0;
    this.outbox.push(...toPayloads(this.node, this.seq++, event));
    if (first) setImmediate(() => this.send());
  }

  subscribe(listener: Listener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.local.close();
  }

  /** Sends what waits; a failure (the database away) keeps it, in order, for a few more tries. */
  private send(attempt = 0): void {
    const payloads = this.outbox;
    this.outbox = [];
    this.notify(this.channel, payloads).catch((err: unknown) => {
      this.onError(err);
      if (this.closed || attempt >= 5) return;
      const waiting = this.outbox.length > 0;
      this.outbox = [...payloads, ...this.outbox];
      if (!waiting) setTimeout(() => this.send(attempt + 1), 200 * 2 ** attempt).unref();
    });
  }

  private deliver(payload: string | undefined): void {
    try {
      const message = JSON.parse(payload ?? "") as { node: string; event?: DomainEvent; part?: [number, number, number]; data?: string };
      if (message.node === this.node) return;
      if (message.event) return this.local.deliver(message.event, REMOTE);
      const [seq, i, n] = message.part ?? [0, 0, 0];
      const key = `${message.node}:${seq}`;
      // Fragments of one event leave in one statement, so they arrive together and in order.
      const parts = i === 0 ? [] : this.partial.get(key);
      if (!parts || parts.length !== i) return void this.partial.delete(key);
      parts.push(message.data ?? "");
      if (parts.length < n) return void this.partial.set(key, parts);
      this.partial.delete(key);
      this.local.deliver(JSON.parse(parts.join("")) as DomainEvent, REMOTE);
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
