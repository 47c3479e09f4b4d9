import type { DomainEvent, Events } from "../domain/shared/events.js";

export type Listener = (event: DomainEvent) => void;

/** Events within one process. Listeners run synchronously after commit; one failing never stops the rest. */
export class InProcessBus implements Events {
  private readonly listeners = new Set<Listener>();

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
}
