import { sql } from "kysely";
import type { Store } from "./db.js";

/**
 * Sends several NOTIFYs on one channel in one statement (in the order given): under load the bus
 * sends each burst of events together instead of one round trip per event.
 */
export function makeNotifier(store: Store): (channel: string, payloads: readonly string[]) => Promise<void> {
  return async (channel, payloads) => {
    await sql`select pg_notify(${channel}, p) from unnest(${payloads}::text[]) with ordinality as t(p, i) order by i`.execute(store.db);
  };
}
