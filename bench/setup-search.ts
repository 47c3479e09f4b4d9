import { composeDeps, openStore } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { renderCommentMarkdown, renderPostMarkdown } from "../src/domain/markup/render-markdown.js";
import { makeScryptPasswords } from "../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../src/seed/seed.js";
import { withTransaction } from "../src/storage/db.js";

/** mulberry32: a small seeded PRNG with 32-bit integer arithmetic (exact in JS). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary of made-up but word-like terms, so matches spread like real text. */
export function vocabulary(size = 3000): string[] {
  const syllables = ["ha", "bor", "tide", "wal", "fer", "ry", "coun", "cil", "sea", "gate", "storm", "quay", "mar", "ket", "is", "land", "vote", "flood", "bar", "rier", "pump", "riv", "er", "mouth", "sand", "bag", "road", "bay"];
  const words = new Set<string>();
  const rnd = prng(7);
  while (words.size < size) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += syllables[Math.floor(rnd() * syllables.length)];
    words.add(w);
  }
  return [...words];
}

/** A data folder with `posts` posts and `comments` comments of word-like text (direct inserts, for speed). */
export async function setupSearchData(dataDir: string, posts = 5000, comments = 100_000): Promise<string[]> {
  const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const store = await openStore(config);
  const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
  await seedIfEmpty(deps, { withSampleContent: false });
  const words = vocabulary();
  const rnd = prng(11);
  const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(rnd() * rnd() * words.length)]).join(" ");
  const now = Date.now();
  const threadIds: number[] = [];
  for (let i = 0; i < posts; i += 250) {
    await withTransaction(store, async (trx) => {
      for (let j = i; j < Math.min(posts, i + 250); j++) {
        const t = await trx.insertInto("threads").values({ site_id: 1, mode: "open", created_at: now }).returning("id").executeTakeFirstOrThrow();
        threadIds.push(Number(t.id));
        const body = text(300);
        await trx
          .insertInto("posts")
          .values({
            site_id: 1, thread_id: Number(t.id), slug: `post-${j}`, title: text(6), standfirst: text(20), body_source: body, body_html: renderPostMarkdown(body),
            dateline: null, lead_image_url: null, lead_image_caption: null, lead_image_credit: null, source_outlet: null, source_url: null, source_published_at: null,
            canonical_to_source: 0, status: "published", published_at: now - j * 3600_000, author_id: null, created_at: now, updated_at: now,
          })
          .execute();
      }
    });
  }
  for (let i = 0; i < comments; i += 1000) {
    await withTransaction(store, async (trx) => {
      const rows = Array.from({ length: Math.min(1000, comments - i) }, (_, k) => {
        const body = text(45);
        const threadId = threadIds[(i + k) % threadIds.length] as number;
        const number = Math.floor((i + k) / threadIds.length) + 1;
        return {
          thread_id: threadId, parent_id: null, number, number_path: String(number), root_number: number, replying_to_id: null, author_name: null, author_website: null,
          body_source: body, body_html: renderCommentMarkdown(body), status: "published", created_at: now - (i + k) * 1000, edited_at: null, removed_at: null, edit_token_hash: "x", original_id: null,
        };
      });
      for (let r = 0; r < rows.length; r += 100) await trx.insertInto("comments").values(rows.slice(r, r + 100)).execute();
    });
  }
  await store.close();
  return words;
}
