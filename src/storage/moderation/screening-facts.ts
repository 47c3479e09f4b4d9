import { sql } from "kysely";
import type { AuthorRef } from "../../domain/moderation/author.js";
import type { Ban } from "../../domain/moderation/ban.js";
import type { BanTargets, ModerationStore, SpamModelCounts } from "../../domain/moderation/ports.js";
import type { TokenCounts } from "../../domain/moderation/spam-model.js";
import { type Store } from "../db.js";
import { activeBansFor, byAuthor, DOCS, historyOf, toBan } from "./shared.js";
import { factsInOneStatement } from "./facts-postgres.js";
import { factsInOneSqliteStatement } from "./facts-sqlite.js";

/** Screening's facts: the author's history, bans in force, recent copies, the spam model — one statement per dialect for a new comment. */
export function makeScreeningFacts(store: Store): Pick<ModerationStore, "screeningFacts" | "authorOf" | "authorHistory" | "spamModel"> {
  const { db } = store;

  async function countCopies(author: AuthorRef, fingerprint: string, since: number, exceptId?: number): Promise<number> {
    let q = db
      .selectFrom("comments")
      .select(sql<number>`count(*)`.as("n"))
      .where("fingerprint", "=", fingerprint)
      .where("created_at", ">=", since)
      .where(byAuthor(author));
    if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async function spamModel(tokens: readonly string[]): Promise<SpamModelCounts> {
    const counts = new Map<string, TokenCounts>();
    const all = [DOCS, ...tokens];
    // The list as one parameter (an array, or JSON on SQLite): one statement text whatever the
    // comment's length, prepared once, instead of an IN list of a new length for every comment.
    const list = store.dialect === "postgres" ? sql`any(${all}::text[])` : sql`in (select value from json_each(${JSON.stringify(all)}))`;
    const { rows } = await sql<{ token: string; spam: number; ham: number }>`select token, spam, ham from spam_tokens where token ${store.dialect === "postgres" ? sql`=` : sql``} ${list}`.execute(db);
    for (const r of rows) counts.set(r.token, { spam: Number(r.spam), ham: Number(r.ham) });
    const docs = counts.get(DOCS);
    counts.delete(DOCS);
    return { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } };
  }

  async function activeBans(targets: BanTargets, now: number): Promise<Ban[]> {
    const rows = await db.selectFrom("bans").selectAll().where(activeBansFor(targets, now)).execute();
    return rows.map(toBan);
  }

  return {
    screeningFacts(f) {
      // Edits (rare) take the plain path: the edited comment is subtracted from the author's tally.
      if (f.exceptId === undefined) return store.dialect === "postgres" ? factsInOneStatement(db, f) : factsInOneSqliteStatement(db, f);
      return Promise.all([
        historyOf(db, f.author, f.exceptId),
        activeBans(f.banTargets, f.now),
        f.copies ? countCopies(f.author, f.copies.fingerprint, f.copies.since, f.exceptId) : Promise.resolve(0),
        f.tokens ? spamModel(f.tokens) : Promise.resolve(undefined),
      ]).then(([history, bans, copies, model]) => ({ history, bans, copies, model }));
    },

    async authorOf(commentId) {
      const r = await db.selectFrom("comments").select(["author_user_id", "network_hash"]).where("id", "=", commentId).executeTakeFirst();
      if (!r) return undefined;
      if (r.author_user_id !== null) return { userId: Number(r.author_user_id) };
      return { networkHash: r.network_hash ?? "" };
    },

    authorHistory: (author, exceptId) => historyOf(db, author, exceptId),

    spamModel,
  };
}
