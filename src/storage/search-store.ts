import type { SearchStore } from "../domain/search/search.js";
import type { Store } from "./db.js";
import { fts5Statements } from "./search/fts5.js";
import { searchStoreOver } from "./search/shared.js";
import { tsvectorStatements } from "./search/tsvector.js";

export { COUNT_CAP } from "./search/shared.js";

/**
 * Full-text search behind one interface: each dialect's statements in a file of its own
 * (search/fts5.ts for SQLite, search/tsvector.ts for PostgreSQL), the same mapping and access rule
 * for both (search/shared.ts); test/storage/search.test.ts runs the same cases on both.
 */
export function makeSearchStore(store: Store): SearchStore {
  return searchStoreOver(store, store.dialect === "postgres" ? tsvectorStatements : fts5Statements);
}
