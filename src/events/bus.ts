import type { DomainEvent, Events } from "../domain/shared/events.js";

/** `remote`: the event comes from another node (it was already handled where it happened). */
export type Listener = (event: DomainEvent, origin: { readonly remote: boolean }) => void;

/** What the app needs from an event bus: publish after commit, subscribe, and stop. */
export interface EventBus extends Events {
  subscribe(listener: Listener): () => void;
  close(): Promise<void>;
  /** Whether events from other nodes can arrive now (always true within one process). */
  readonly connected: boolean;
}
