import type { DomainEvent } from "../domain/shared/events.js";
import type { EventBus, Listener } from "./bus.js";

const LOCAL = { remote: false } as const;

/** Events within one process. Listeners run synchronously after commit; one failing never stops the rest. */
export class InProcessBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  readonly connected = true;

  publish(event: DomainEvent): void {
    this.deliver(event, LOCAL);
  }

  /** Hands an event to this process's listeners; `remote` marks one that came from another node. */
  deliver(event: DomainEvent, origin: { readonly remote: boolean }): void {
    for (const l of this.listeners) {
      try {
        l(event, origin);
      } catch {
        // A listener's failure is its own problem; the write already committed.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
