import type { DomainEvent } from "../domain/shared/events.js";
import type { EventBus, Listener } from "./bus.js";

/** Events within one process. Listeners run synchronously after commit; one failing never stops the rest. */
export class InProcessBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  readonly connected = true;

  publish(event: DomainEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
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
