import { sql } from "kysely";
import type { FactsQuery, ScreeningFacts } from "../../domain/moderation/ports.js";
import type { TokenCounts } from "../../domain/moderation/spam-model.js";
import { authorKeyOf } from "../author-stats.js";
import { banCoversSite, banInForce, DOCS, domainAndParents, toBan, type BanRow, type Db } from "./shared.js";

/**
 * SQLite: the same four facts as one statement with the `sql` tag (JSON for the rows), one
 * statement text for every comment and so one prepared statement, instead of four built queries.
 */
export async function factsInOneSqliteStatement(db: Db, f: FactsQuery): Promise<ScreeningFacts> {
  const userId = "userId" in f.author ? f.author.userId : null;
  const networkHash = "userId" in f.author ? null : f.author.networkHash;
  const key = authorKeyOf({ author_user_id: userId, network_hash: networkHash });
  const t = f.banTargets;
  const domains = JSON.stringify(t.emailDomain ? domainAndParents(t.emailDomain) : []);
  const { rows } = await sql<{ history: string | null; bans: string; copies: number; tokens: string }>`
    select
      (select json_array(total, published, rejected, first_seen) from author_stats where author_key = ${key}) as history,
      (select json_group_array(json_object('id', id, 'kind', kind, 'value', value, 'reason', reason, 'created_by', created_by,
          'created_at', created_at, 'expires_at', expires_at, 'lifted_at', lifted_at, 'site_id', site_id)) from bans
        where ${banInForce("bans", f.now)} and ${banCoversSite("bans", t.siteId)}
          and ((kind = 'user' and value = ${t.userId === undefined ? null : String(t.userId)})
            or (kind = 'network' and value = ${t.networkHash || null})
            or (kind = 'email_domain' and value in (select value from json_each(${domains}))))) as bans,
      (select count(*) from comments
        where fingerprint = ${f.copies?.fingerprint ?? null} and created_at >= ${f.copies?.since ?? 0}
          and (author_user_id = ${userId} or (${userId} is null and author_user_id is null and network_hash = ${networkHash}))) as copies,
      (select json_group_array(json_array(token, spam, ham)) from spam_tokens where token in (select value from json_each(${JSON.stringify(f.tokens ? [DOCS, ...f.tokens] : [])}))) as tokens`.execute(db);
  const row = rows[0] as (typeof rows)[number];
  const h = row.history ? (JSON.parse(row.history) as [number, number, number, number]) : null;
  const counts = new Map<string, TokenCounts>();
  for (const [token, spam, ham] of JSON.parse(row.tokens) as Array<[string, number, number]>) counts.set(token, { spam: Number(spam), ham: Number(ham) });
  const docs = counts.get(DOCS);
  counts.delete(DOCS);
  return {
    history: h ? { total: Number(h[0]), approved: Number(h[1]), rejected: Number(h[2]), firstSeenAt: Number(h[3]) } : { total: 0, approved: 0, rejected: 0, firstSeenAt: null },
    bans: (JSON.parse(row.bans) as BanRow[]).map(toBan),
    copies: Number(row.copies),
    model: f.tokens ? { counts, totals: { spamDocs: docs?.spam ?? 0, hamDocs: docs?.ham ?? 0 } } : undefined,
  };
}
