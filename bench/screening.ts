// Screening cost per comment, on one core (run under `taskset -c 1` by bench/run.ts): the full
// screenComment use case against a real SQLite file (author history, bans, recent text and the
// spam model's counts read from the database, then every phase), for distinct ~2 KB comments.
// Prints one JSON line. Markdown rendering of the same comments is timed as the in-run reference.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { composeDeps, openStore } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { renderCommentMarkdown } from "../src/domain/markup/render-markdown.js";
import { moderateComment } from "../src/domain/moderation/moderate-comment.js";
import { SCREENING_PHASES } from "../src/domain/moderation/phases/index.js";
import { screen } from "../src/domain/moderation/screening.js";
import { screenComment } from "../src/domain/moderation/screen-comment.js";
import { linkHostsOf } from "../src/domain/markup/render-markdown.js";
import { DEFAULT_MODERATION } from "../src/domain/moderation/settings.js";
import { postComment } from "../src/domain/comments/post-comment.js";
import { createPost } from "../src/domain/posts/create-post.js";
import { makeScryptPasswords } from "../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../src/seed/seed.js";
import { fingerprintHash } from "../src/domain/moderation/phases/duplicate-text.js";
import { sha256Hasher } from "../src/security/node-crypto.js";

const WORDS = "harbour council vote plan budget flood wall tide engineers residents ferry report fisheries mayor quay storm levy minutes hearing objection survey cheap offer bonus crypto pills winner free today great news price check best".split(" ");

/** A distinct comment of about 2 KB: words, a few links, a line of Chinese. */
function comment(i: number): string {
  let text = `Comment ${i}. `;
  let n = i * 7919;
  while (text.length < 1900) {
    n = (n * 1103515245 + 12345) % 2147483648;
    text += WORDS[n % WORDS.length] + (n % 11 === 0 ? ".\n\n" : " ");
  }
  return `${text} 集思广益。 https://news${i % 5}.example/a/${i} https://cheap${i % 3}.example/b`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-screening-"));
  try {
    const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    const store = await openStore(config);
    const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
    await seedIfEmpty(deps, { withSampleContent: false });
    const moderator = await deps.users.insertUser({ email: "m@example.test", displayName: "M", role: "moderator", passwordHash: "x", createdAt: Date.now() });
    const post = await createPost(deps, { siteId: 1, title: "Screening", body: "Body.", publishedAt: Date.now() - 3600_000 });
    // A trained model and an author with history: 300 decided comments from 30 networks.
    for (let i = 0; i < 300; i++) {
      const { comment: c } = await postComment(deps, { threadId: post.threadId, body: comment(100_000 + i), clientAddress: `10.1.0.${i % 30}` });
      await moderateComment(deps, { actor: moderator, commentId: c.id, threadId: post.threadId, action: i % 3 === 0 ? "spam" : c.status === "pending" ? "approve" : "remove" }).catch(() => undefined);
    }
    const settings = (await deps.sites.getSite(1)).moderation;
    const input = (i: number) => ({
      body: comment(i),
      linkHosts: linkHostsOf(comment(i)),
      fingerprint: fingerprintHash(sha256Hasher, comment(i)),
      honeypot: "",
      threadMode: "open" as const,
      heldByPost: false,
      author: { networkHash: `net-${i % 30}` },
      networkHash: `net-${i % 30}`,
      emailDomain: null,
      authorIsStaff: false,
      settings,
      siteId: 1,
    });
    const N = Number(process.env.SCREENING_RUNS ?? 5000);
    for (let i = 0; i < 500; i++) await screenComment(deps, input(i)); // warm-up
    const full: number[] = [];
    const phases: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < N; i++) {
      const inp = input(1000 + i);
      let t = performance.now();
      await screenComment(deps, inp);
      full.push(performance.now() - t);
      t = performance.now();
      screen(SCREENING_PHASES, { ...inp, authorIsStaff: false, history: { total: 3, approved: 2, rejected: 0, firstSeenAt: 0 }, bans: [], copies: 0, spamProbability: 0.3, settings: DEFAULT_MODERATION, now: Date.now() });
      phases.push(performance.now() - t);
      t = performance.now();
      renderCommentMarkdown(inp.body);
      render.push(performance.now() - t);
    }
    await deps.views.close();
    await store.close();
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { p50: percentile(s, 50), p99: percentile(s, 99) };
    };
    console.log(JSON.stringify({ runs: N, bytes: comment(1000).length, full: stats(full), phases: stats(phases), render: stats(render) }));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
