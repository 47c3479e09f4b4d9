import type { ModerationStore } from "../domain/moderation/ports.js";
import type { Store } from "./db.js";
import { makeAuditLog } from "./moderation/audit-log.js";
import { makeBans } from "./moderation/bans.js";
import { makeDecisions } from "./moderation/decisions.js";
import { makeQueueReadModel } from "./moderation/queue.js";
import { makeScreeningFacts } from "./moderation/screening-facts.js";

export { banInForce } from "./moderation/shared.js";

/**
 * Moderation on SQLite or PostgreSQL, one part per job (storage/moderation/): screening's facts
 * (each dialect's hand-written statement in its own file), decisions and their tallies, the queue's
 * read model, bans, and the audit log. Every decision, its audit entry and its training share one
 * transaction.
 */
export function makeModerationStore(store: Store): ModerationStore {
  return { ...makeScreeningFacts(store), ...makeDecisions(store), ...makeQueueReadModel(store), ...makeBans(store), ...makeAuditLog(store) };
}
