import { CompiledQuery, sql } from "kysely";
import type { ImportKeyStore, ImportStaging, PlacedImport } from "../domain/imports/run-import.js";
import type { ImportedComment, ImportSource } from "../domain/imports/records.js";
import { authorKeyOf, contribution } from "./author-stats.js";
import { withTransaction, type Store } from "./db.js";

const CHUNK = 500;
/** A staged run older than this was left by a process that died: its rows are cleared. */
const STALE_MS = 24 * 3600_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function makeImportKeyStore(store: Store): ImportKeyStore {
  const { db } = store;
  return {
    async findImported(siteId, kind, source, originalId) {
      const r = await db
        .selectFrom("import_keys")
        .select("target_id")
        .where("site_id", "=", siteId)
        .where("kind", "=", kind)
        .where("source", "=", source)
        .where("original_id", "=", originalId)
        .executeTakeFirst();
      return r ? Number(r.target_id) : undefined;
    },
    async findImportedMany(siteId, kind, source, originalIds) {
      const found = new Map<string, number>();
      for (const part of chunks(originalIds)) {
        const rows = await db
          .selectFrom("import_keys")
          .select(["original_id", "target_id"])
          .where("site_id", "=", siteId)
          .where("kind", "=", kind)
          .where("source", "=", source)
          .where("original_id", "in", part)
          .execute();
        for (const r of rows) found.set(r.original_id, Number(r.target_id));
      }
      return found;
    },
    async recordImported(siteId, kind, source, originalId, targetId, at) {
      await db.insertInto("import_keys").values({ site_id: siteId, kind, source, original_id: originalId, target_id: targetId, imported_at: at }).execute();
    },
    insertImportedComments: (input) =>
      withTransaction(store, async (trx) => {
        let written = 0;
        for (const t of input.threads) written += await insertPlaced(trx, store.dialect, { ...input, ...t });
        return written;
      }),
    staging: (runId, startedAt) => makeStaging(store, runId, startedAt),
  };
}

/**
 * A thread's new imported comments, in order, in one transaction: ids taken up front (so a reply
 * can name a parent written in the same batch), each numbered after its thread's or its parent's
 * last number, with its import key; counters moved once for the batch. A published number never
 * changes: numbers only ever continue from the last one handed out.
 */
async function insertPlaced(
  trx: Store["db"],
  dialect: Store["dialect"],
  input: { threadId: number; siteId: number; source: ImportSource; at: number; comments: readonly PlacedImport[] },
): Promise<number> {
  const { threadId, comments } = input;
  if (comments.length === 0) return 0;
  const thread = await sql<{ last_number: number }>`update threads set version = version + 1 where id = ${threadId} returning last_number`.execute(trx);
  let lastNumber = Number(thread.rows[0]?.last_number ?? NaN);
  if (Number.isNaN(lastNumber)) throw new Error(`thread ${threadId} does not exist`);
  const ids = await takeCommentIds(trx, dialect, comments.length);
  // Existing parents (imported by an earlier run): their number and last child number.
  const existing = [...new Set(comments.flatMap((c) => (c.parent && "id" in c.parent ? [c.parent.id] : [])))];
  const known = new Map<number, { path: string; root: number; lastChild: number }>();
  for (const part of chunks(existing)) {
    const query = trx.selectFrom("comments").select(["id", "number_path", "root_number", "last_child_number"]).where("id", "in", part).where("thread_id", "=", threadId);
    // PostgreSQL: a reader replying to one of them meanwhile waits for this batch (SQLite's write lock is whole-database).
    const rows = await (dialect === "postgres" ? query.forUpdate() : query).execute();
    for (const r of rows) known.set(Number(r.id), { path: r.number_path, root: Number(r.root_number), lastChild: Number(r.last_child_number) });
  }
  const batch: Array<{ path: string; root: number; lastChild: number }> = [];
  const idOf = (ref: PlacedImport["parent"]) => (ref === null ? null : "id" in ref ? ref.id : ids[ref.index]!);
  const rows = comments.map((c, i): unknown[] => {
    let number: number;
    let path: string;
    let root: number;
    if (c.parent === null) {
      number = ++lastNumber;
      path = String(number);
      root = number;
    } else {
      const parent = "id" in c.parent ? known.get(c.parent.id) : batch[c.parent.index];
      if (!parent) throw new Error(`the comment a reply answers is not in thread ${threadId}`);
      number = ++parent.lastChild;
      path = `${parent.path}.${number}`;
      root = parent.root;
    }
    batch.push({ path, root, lastChild: 0 });
    // In IMPORTED_COLUMNS' order; last_child_number is filled in once the whole batch is numbered.
    return [ids[i]!, threadId, idOf(c.parent), number, path, root, 0, idOf(c.replyingTo), c.authorName, c.authorWebsite, c.bodySource, c.bodyHtml, c.status, c.createdAt, c.editTokenHash, c.originalId, c.screening.length > 0 ? JSON.stringify(c.screening) : null];
  });
  rows.forEach((r, i) => (r[6] = batch[i]!.lastChild));
  for (const part of chunks(rows, 200)) await insertRows(trx, dialect, "comments", IMPORTED_COLUMNS, part);
  for (const [id, k] of known) await trx.updateTable("comments").set({ last_child_number: k.lastChild }).where("id", "=", id).execute();
  const keys = comments.map((c, i) => [input.siteId, "comment", input.source, c.originalId, ids[i]!, input.at]);
  for (const part of chunks(keys)) await insertRows(trx, dialect, "import_keys", KEY_COLUMNS, part);
  let published = 0;
  let rejected = 0;
  for (const c of comments) {
    const [p, r] = contribution(c.status);
    published += p;
    rejected += r;
  }
  await sql`update threads set last_number = ${lastNumber}, comment_count = comment_count + ${published} where id = ${threadId}`.execute(trx);
  await sql`
    insert into author_stats (author_key, total, published, rejected, first_seen)
    values (${authorKeyOf({ author_user_id: null, network_hash: null })}, ${comments.length}, ${published}, ${rejected}, ${Math.min(...comments.map((c) => c.createdAt))})
    on conflict (author_key) do update set total = author_stats.total + excluded.total,
      published = author_stats.published + excluded.published, rejected = author_stats.rejected + excluded.rejected`.execute(trx);
  return comments.length;
}

/** An imported comment's stored columns; the rest keep their defaults (no account, network or fingerprint). */
const IMPORTED_COLUMNS = [
  "id", "thread_id", "parent_id", "number", "number_path", "root_number", "last_child_number", "replying_to_id", "author_name",
  "author_website", "body_source", "body_html", "status", "created_at", "edit_token_hash", "original_id", "screening",
] as const;
const KEY_COLUMNS = ["site_id", "kind", "source", "original_id", "target_id", "imported_at"] as const;

/**
 * Many rows in one statement, the text built once per shape (so prepared once): an import writes a
 * million comments, and building each insert with the query builder cost more than SQLite's work.
 */
async function insertRows(trx: Store["db"], dialect: Store["dialect"], table: "comments" | "import_keys", columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const key = `${dialect} ${table} ${rows.length}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (dialect === "postgres" ? `$${++n}` : "?")).join(", ")})`;
    text = `insert into ${table} (${columns.join(", ")}) values ${Array.from({ length: rows.length }, tuple).join(", ")}`;
    insertTexts.set(key, text);
  }
  await trx.executeQuery(CompiledQuery.raw(text, rows.flat()));
}
const insertTexts = new Map<string, string>();

/** Ids for `n` new comments, ascending. SQLite: after the highest (the write lock is held); PostgreSQL: from the sequence. */
async function takeCommentIds(trx: Store["db"], dialect: Store["dialect"], n: number): Promise<number[]> {
  if (dialect === "postgres") {
    const r = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('comments', 'id')) as id from generate_series(1, ${n})`.execute(trx);
    return r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }
  const max = await sql<{ id: number | null }>`select max(id) as id from comments`.execute(trx);
  const base = Number(max.rows[0]?.id ?? 0);
  return Array.from({ length: n }, (_, i) => base + 1 + i);
}

/** Comments held in `import_staging` under one run id until the file has been read. */
function makeStaging({ db, dialect }: Store, runId: string, startedAt: number): ImportStaging {
  // PostgreSQL plans from table statistics, which a table filled a moment ago does not have yet: without
  // them it scans every import key (or every held comment) for each post instead of using the index.
  const analyze = async (table: "import_keys" | "import_staging") => {
    if (dialect === "postgres") await sql`analyze ${sql.table(table)}`.execute(db);
  };
  let cleared = false;
  return {
    async hold(comments) {
      if (!cleared) {
        await db.deleteFrom("import_staging").where("started_at", "<", startedAt - STALE_MS).execute();
        await analyze("import_keys");
        cleared = true;
      }
      const duplicates: string[] = [];
      const unique = new Map<string, ImportedComment>();
      for (const c of comments) {
        if (unique.has(c.originalId)) duplicates.push(c.originalId);
        else unique.set(c.originalId, c);
      }
      await db.transaction().execute(async (trx) => {
      for (const part of chunks([...unique.values()])) {
        const held = await trx
          .insertInto("import_staging")
          .values(part.map((c) => ({ run_id: runId, original_id: c.originalId, post_original_id: c.postOriginalId, published_at: c.publishedAt, started_at: startedAt, record: JSON.stringify(c) })))
          .onConflict((oc) => oc.columns(["run_id", "original_id"]).doNothing())
          .returning("original_id")
          .execute();
        const kept = new Set(held.map((h) => h.original_id));
        for (const c of part) if (!kept.has(c.originalId)) duplicates.push(c.originalId);
      }
      });
      return duplicates;
    },
    async heldPosts() {
      await analyze("import_staging");
      await analyze("import_keys");
      const rows = await db
        .selectFrom("import_staging")
        .select(["post_original_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("run_id", "=", runId)
        .groupBy("post_original_id")
        .orderBy("post_original_id")
        .execute();
      return rows.map((r) => ({ postOriginalId: r.post_original_id, comments: Number(r.n) }));
    },
    async heldComments(postOriginalId) {
      const rows = await db.selectFrom("import_staging").select("record").where("run_id", "=", runId).where("post_original_id", "=", postOriginalId).execute();
      return rows.map((r) => JSON.parse(r.record) as ImportedComment);
    },
    async release() {
      await db.deleteFrom("import_staging").where("run_id", "=", runId).execute();
    },
  };
}
