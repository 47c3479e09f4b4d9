import type { ThreadStore } from "../domain/threads/ports.js";

type Lookup = Pick<ThreadStore, "findThreadWithPost">;

/**
 * A thread with its post, remembered for a few seconds, for the hottest requests that need only
 * who may do what (a vote, a view beacon), not what the thread holds: its counters may be seconds
 * old, so pages never read through this. Its mode, its post's publication and its site are current:
 * every change to them is an event (`post.changed`, `thread.changed`, `site.changed`, from this node
 * or another), on which the caller calls `forget`; kept at most `ttlMs` anyway, in case an event was
 * lost. A read that began before a `forget` is not remembered.
 */
export function makeRememberedThreads(inner: Lookup, now: () => number, ttlMs = 5000): Lookup & { forget(): void } {
  const kept = new Map<number, { found: ReturnType<Lookup["findThreadWithPost"]>; until: number }>();
  let generation = 0;
  return {
    findThreadWithPost(id) {
      const hit = kept.get(id);
      if (hit && hit.until > now()) return hit.found;
      const began = generation;
      const found = inner.findThreadWithPost(id);
      found.then(
        (f) => {
          if (f && began === generation) {
            if (kept.size >= 10_000) kept.clear();
            kept.set(id, { found, until: now() + ttlMs });
          }
        },
        () => undefined,
      );
      return found;
    },
    forget() {
      generation++;
      kept.clear();
    },
  };
}
