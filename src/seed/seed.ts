import { postComment } from "../domain/comments/post-comment.js";
import { removeComment } from "../domain/comments/remove-comment.js";
import { createPost } from "../domain/posts/create-post.js";
import type { Clock } from "../domain/shared/deps.js";
import { DEFAULT_MAX_DEPTH } from "../domain/sites/site.js";
import { createUser } from "../domain/users/create-user.js";
import type { PasswordHasher } from "../domain/users/user.js";
import type { UserStore } from "../domain/users/ports.js";
import type { AppDeps } from "../http/deps.js";
import { FLOOD_PACT, FLOOD_PACT_COMMENTS, OTHER_POSTS, type SamplePost } from "./sample-content.js";

const MINUTE = 60_000;

export interface SeedDeps extends Pick<AppDeps, "comments" | "threads" | "posts" | "sites" | "events" | "random" | "hasher" | "clock"> {
  readonly users: UserStore;
  readonly passwords: PasswordHasher;
}

/** What the first start created, for printing once. */
export interface SeedResult {
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly posts: number;
  readonly comments: number;
}

/** On an empty database: the site, an admin account and the sample posts with their discussion. */
export async function seedIfEmpty(deps: SeedDeps, options: { siteName?: string; withSampleContent: boolean }): Promise<SeedResult | undefined> {
  if ((await deps.users.countUsers()) > 0) return undefined;
  const now = deps.clock.now();
  await deps.sites.insertSite({ name: options.siteName ?? "The Harbour Ledger", allowAnonymous: true, maxDepth: DEFAULT_MAX_DEPTH }, now);
  const adminPassword = deps.random.token(15);
  const admin = await createUser(deps, { email: "admin@localhost", displayName: "Admin", role: "admin", password: adminPassword });
  let posts = 0;
  let comments = 0;
  if (options.withSampleContent) {
    for (const p of [...OTHER_POSTS, FLOOD_PACT]) {
      await addPost(deps, p, now, admin.id);
      posts++;
    }
    comments = await addDiscussion(deps, FLOOD_PACT, now);
  }
  return { adminEmail: admin.email, adminPassword, posts, comments };
}

async function addPost(deps: SeedDeps, p: SamplePost, now: number, authorId: number) {
  return createPost(deps, {
    siteId: 1,
    slug: p.slug,
    title: p.title,
    standfirst: p.standfirst,
    body: p.body,
    publishedAt: now - p.ageMs,
    authorId,
    ...(p.dateline ? { dateline: p.dateline } : {}),
    ...(p.leadImage ? { leadImage: p.leadImage } : {}),
    ...(p.source ? { source: { outlet: p.source.outlet, url: p.source.url, publishedAt: now - p.source.ageMs } } : {}),
  });
}

/** Posts the sample comments through the same use cases readers use, at their sample times. */
async function addDiscussion(deps: SeedDeps, p: SamplePost, now: number): Promise<number> {
  const post = await deps.posts.findPostBySlug(p.slug);
  if (!post) throw new Error(`sample post ${p.slug} missing`);
  const published = now - p.ageMs;
  const ids = new Map<string, { id: number; token: string }>();
  for (const c of FLOOD_PACT_COMMENTS) {
    const clock: Clock = { now: () => published + c.at * MINUTE };
    const parent = c.replyTo ? ids.get(c.replyTo) : undefined;
    const { comment, editToken } = await postComment(
      { ...deps, clock },
      { threadId: post.threadId, parentId: parent?.id, body: c.body, authorName: c.name, authorWebsite: c.website },
    );
    ids.set(c.key, { id: comment.id, token: editToken });
  }
  for (const c of FLOOD_PACT_COMMENTS.filter((x) => x.removed)) {
    const own = ids.get(c.key);
    if (own) await removeComment({ ...deps, clock: { now: () => published + (c.at + 30) * MINUTE } }, { commentId: own.id, editToken: own.token });
  }
  return FLOOD_PACT_COMMENTS.length;
}
