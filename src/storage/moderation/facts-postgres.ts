import { sql } from "kysely";
import type { FactsQuery, ScreeningFacts } from "../../domain/moderation/ports.js";
import type { TokenCounts } from "../../domain/moderation/spam-model.js";
import { authorKeyOf } from "../author-stats.js";
import { banCoversSite, banInForce, DOCS, domainAndParents, toBan, type BanRow, type Db } from "./shared.js";

/**
 * PostgreSQL: the author's tally, bans in force, recent copies and the model's token counts as
 * four subqueries of one statement, with the `sql` tag (it runs for every comment; the builder's
 * version cost more CPU than the query). Absent targets are nulls and lists are array parameters,
 * so the text — and its prepared plan — is the same for every comment.
 */
export async function factsInOneStatement(db: Db, f: FactsQuery): Promise<ScreeningFacts> {
  const userId = "userId" in f.author ? f.author.userId : null;
  const networkHash = "userId" in f.author ? null : f.author.networkHash;
  const key = authorKeyOf({ author_user_id: userId, network_hash: networkHash });
  const t = f.banTargets;
  const domains = t.emailDomain ? domainAndParents(t.emailDomain) : [];
  const { rows } = await sql<{ history: [number, number, number, number] | null; bans: BanRow[]; copies: number; tokens: Array<[string, number, number]> }>`
    select
      (select json_build_array(total, published, rejected, first_seen) from author_stats where author_key = ${key}) as history,
      (select coalesce(json_agg(b), '[]'::json) from bans b
        where ${banInForce("b", f.now)} and ${banCoversSite("b", t.siteId)}
          and ((b.kind = 'user' and b.value = ${t.userId === undefined ? null : String(t.userId)}::text)
            or (b.kind = 'network' and b.value = ${t.networkHash || null}::text)
            or (b.kind = 'email_domain' and b.value = any(${domains}::text[])))) as bans,
      (select count(*) from comments
        where fingerprint = ${f.copies?.fingerprint ?? null}::text and created_at >= ${f.copies?.since ?? 0}
          and (author_user_id = ${userId}::integer or (${userId}::integer is null and author_user_id is null and network_hash = ${networkHash}::text))) as copies,
      (select coalesce(json_agg(json_build_array(token, spam, ham)), '[]'::json) from spam_tokens where token = any(${f.tokens ? [DOCS, ...f.tokens] : []}::text[])) as tokens`.execute(db);
  const row = rows[0] as (typeof rows)[number];
  const h = row.history;
  const counts = new Map<string, TokenCounts>();
  for (const [token, spam, ham] of row.tokens) counts.set(token, { spam: Number(spam), ham: Number(ham) });
  const docs = counts.get(DOCS);
  counts.delete(DOCS);
  return {
    history: h ? { total: Number(h[0]), approved: Number(h[1]), rejected: Number(h[2]), firstSeenAt: Number(h[3]) } : { total: 0, approved: 0, rejected: 0, firstSeenAt: null },
    bans: row.bans.map(toBan),
    copies: Number(row.copies),
    model: f.tokens ? { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } } : undefined,
  };
}
