import type { AppWorld } from "./app.js";

/**
 * `top` top-level comments, each with two replies, stored straight into the thread (a discussion
 * longer than one page without posting 2,000 comments through the rate limits).
 */
export async function fillThread(world: Pick<AppWorld, "deps" | "clock">, threadId: number, top: number): Promise<void> {
  const add = (parentId: number | null, text: string) =>
    world.deps.comments.insertComment({ threadId, parentId, replyingToId: null, authorName: "Reader", authorWebsite: null, authorUserId: null, bodySource: text, bodyHtml: `<p>${text}</p>`, status: "published", createdAt: world.clock.now(), editTokenHash: "x", fingerprint: null, networkHash: null, screening: [], spamScore: null });
  for (let start = 0; start < top; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, top - start) }, async (_, i) => {
        const root = await add(null, `top ${start + i}`);
        for (const r of [1, 2]) await add(root.id, `reply ${r}`);
      }),
    );
  }
}
