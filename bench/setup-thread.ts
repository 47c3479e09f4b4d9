import fs from "node:fs";
import { composeDeps, openStore } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { postComment } from "../src/domain/comments/post-comment.js";
import { createPost } from "../src/domain/posts/create-post.js";
import { addSite } from "../src/domain/sites/manage-sites.js";
import { makeScryptPasswords } from "../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../src/seed/seed.js";

export const BENCH_SLUG = "bench-two-hundred-comments";
/** The same page again, for the flood run: the posting run (c) grows the first one's thread. */
export const QUIET_SLUG = "bench-two-hundred-comments-quiet";
/** The embedding site's origin in the benchmark (a host page is served there). */
export const EMBED_HOST = "http://127.0.0.1:39102";
export const EMBED_PAGE = `${EMBED_HOST}/story`;
/** Index-page addresses for the counters run: 50 pages, each with a thread. */
export const COUNTER_URLS = Array.from({ length: 50 }, (_, i) => `${EMBED_HOST}/news/${i + 1}`);

/** ~300 bytes of ordinary comment text, varied per comment. */
function commentText(i: number): string {
  const base = `Comment ${i}: the council's numbers on the sea wall do not add up, and the *second phase* still has no date. `;
  return (base + "Residents behind the marina deserve an answer before the next spring tide arrives. ".repeat(3)).slice(0, 300);
}

/**
 * A fresh data folder (and database: SQLite in it, or the empty PostgreSQL database at `databaseUrl`)
 * with two identical posts whose threads have 100 top-level comments and 100 replies.
 */
export async function setupBenchData(dataDir: string, databaseUrl?: string): Promise<{ threadId: number; quietThreadId: number; quietCommentIds: number[]; embed: { siteKey: string; threadId: number } }> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const store = await openStore(config);
  const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
  await seedIfEmpty(deps, { withSampleContent: false });
  const makeBenchPost = (slug: string) =>
    createPost(deps, {
      siteId: 1,
      slug,
      title: "Benchmark: a post with two hundred comments",
      standfirst: "One hundred comments and one hundred replies, about three hundred bytes each.",
      body: "A report long enough to look like one.\n\n".repeat(20),
      dateline: "PORT ELLIS",
      leadImage: { url: "/assets/media/sea-wall.png", caption: "The sea wall", credit: "Bench pic" },
      source: { outlet: "The Meridian Courier", url: "https://meridian-courier.example/bench", publishedAt: Date.now() - 7200_000 },
      publishedAt: Date.now() - 3600_000,
      labels: ["harbour"],
    });
  const post = await makeBenchPost(BENCH_SLUG);
  const quiet = await makeBenchPost(QUIET_SLUG);
  // A front page and a label page of ordinary length around it.
  for (let i = 0; i < 20; i++) {
    await createPost(deps, {
      siteId: 1,
      title: `Harbour news item ${i + 1}`,
      standfirst: "A short report from the quayside, one of many on this page.",
      body: "Report text.",
      publishedAt: Date.now() - (2 + i * 5) * 3600_000,
      labels: i % 2 ? ["harbour"] : ["town"],
    });
  }
  // An embedding site: its story's thread has the same 200 comments; 50 more pages for the counters.
  const { site } = await addSite(deps, { name: "Bench host", origins: [EMBED_HOST] });
  const page = await deps.threads.createPageThread(site.id, EMBED_PAGE, "Benchmark story", Date.now() - 3600_000);
  for (const url of COUNTER_URLS) await deps.threads.createPageThread(site.id, url, url, Date.now() - 3600_000);
  const quietCommentIds: number[] = [];
  for (const threadId of [post.threadId, quiet.threadId, page.id]) {
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      const { comment } = await postComment(deps, { threadId, body: commentText(i), authorName: i % 3 ? `Reader ${i}` : undefined, clientAddress: "192.0.2.1", imported: true });
      ids.push(comment.id);
    }
    for (let i = 0; i < 100; i++) {
      const { comment } = await postComment(deps, { threadId, parentId: ids[(i * 7) % 100], body: commentText(100 + i), clientAddress: "192.0.2.1", imported: true });
      ids.push(comment.id);
    }
    if (threadId === quiet.threadId) quietCommentIds.push(...ids);
  }
  await deps.events.close();
  await deps.redis?.quit();
  await store.close();
  return { threadId: post.threadId, quietThreadId: quiet.threadId, quietCommentIds, embed: { siteKey: site.publicKey, threadId: page.id } };
}
