import crypto from "node:crypto";
import type { Redis } from "ioredis";
import type { DomainEvent } from "../domain/shared/events.js";
import type { EventBus, Listener } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";

const REMOTE = { remote: true } as const;

/**
 * Events for several nodes through Redis pub/sub: each event goes to this process's listeners at
 * once and to the other nodes by `PUBLISH` (sent after commit, so in commit order per node). One
 * subscriber connection per node; when it comes back after a drop, listeners hear `events.gap`
 * (caches clear, live readers resync), because pub/sub keeps nothing for the absent.
 */
export class RedisBus implements EventBus {
  private readonly local = new InProcessBus();
  private readonly node = crypto.randomUUID();
  private subscriber: Redis | undefined;
  private started = false;

  constructor(
    private readonly publisher: Redis,
    readonly channel: string,
    private readonly onError: (err: unknown) => void = () => undefined,
    /** Shown in Redis's CLIENT LIST, so an operator can tell the nodes' subscribers apart. */
    private readonly name = `broadsheet-events-${process.pid}`,
  ) {}

  get connected(): boolean {
    return this.subscriber?.status === "ready";
  }

  async start(): Promise<void> {
    const sub = this.publisher.duplicate({ connectionName: this.name });
    sub.on("error", (err: unknown) => this.onError(err));
    sub.on("message", (_channel: string, message: string) => this.deliver(message));
    sub.on("ready", () => {
      if (this.started) this.local.publish({ type: "events.gap" });
    });
    await sub.connect();
    await sub.subscribe(this.channel);
    this.subscriber = sub;
    this.started = true;
  }

  publish(event: DomainEvent): void {
    this.local.publish(event);
    this.publisher.publish(this.channel, JSON.stringify({ node: this.node, event })).catch(this.onError);
  }

  subscribe(listener: Listener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.started = false;
    this.subscriber?.disconnect();
    await this.local.close();
  }

  private deliver(message: string): void {
    try {
      const { node, event } = JSON.parse(message) as { node: string; event: DomainEvent };
      if (node !== this.node) this.local.deliver(event, REMOTE);
    } catch (err) {
      this.onError(err);
    }
  }
}
