import { OWN_SITE_ID } from "../domain/sites/site.js";
import { postComment } from "../domain/comments/post-comment.js";
import { removeComment } from "../domain/comments/remove-comment.js";
import { createPost } from "../domain/posts/create-post.js";
import type { Clock } from "../domain/shared/deps.js";
import { DEFAULT_MAX_DEPTH } from "../domain/sites/site.js";
import { newSiteCredentials } from "../domain/sites/manage-sites.js";
import { createUser } from "../domain/users/create-user.js";
import type { PasswordHasher } from "../domain/users/user.js";
import type { UserStore } from "../domain/users/ports.js";
import type { AppDeps } from "../http/deps.js";
import { FLOOD_PACT, FLOOD_PACT_COMMENTS, OTHER_POSTS, SCREENED_SAMPLES, type SamplePost } from "./sample-content.js";

const MINUTE = 60_000;

export interface SeedDeps extends Pick<AppDeps, "comments" | "threads" | "posts" | "sites" | "events" | "random" | "hasher" | "clock" | "moderation" | "networkSecret"> {
  readonly users: UserStore;
  readonly passwords: PasswordHasher;
}

/** What the first start created, for printing once. */
export interface SeedResult {
  /** Present when an admin account was created now. */
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  readonly posts: number;
  readonly comments: number;
}

/**
 * What a fresh install needs: the site (with the sample posts and their discussion, on a new
 * site only) and, when there is no account yet, an admin account. Accounts made first with the
 * CLI are respected: no admin is added then.
 */
export async function seedIfEmpty(deps: SeedDeps, options: { siteName?: string; withSampleContent: boolean }): Promise<SeedResult | undefined> {
  const now = deps.clock.now();
  const newSite = !(await siteExists(deps));
  if (newSite) {
    const site = { name: options.siteName ?? "The Harbour Ledger", origins: [], language: "en", webhookUrl: null, allowAnonymous: true, maxDepth: DEFAULT_MAX_DEPTH };
    await deps.sites.insertSite({ ...site, ...newSiteCredentials(deps.random) }, now);
  }
  let admin: { email: string; password: string; id: number | null } | undefined;
  if ((await deps.users.countUsers()) === 0) {
    const password = deps.random.token(15);
    const created = await createUser(deps, { email: "admin@localhost", displayName: "Admin", role: "admin", password });
    admin = { email: created.email, password, id: created.id };
  }
  if (!newSite && !admin) return undefined;
  let posts = 0;
  let comments = 0;
  if (newSite && options.withSampleContent) {
    for (const p of [...OTHER_POSTS, FLOOD_PACT]) {
      await addPost(deps, p, now, admin?.id ?? null);
      posts++;
    }
    comments = await addDiscussion(deps, FLOOD_PACT, now);
    comments += await addScreenedSamples(deps, now);
  }
  return { admin: admin && { email: admin.email, password: admin.password }, posts, comments };
}

/** A few comments screened like any reader's, so the moderation queue has work in it on day one. */
async function addScreenedSamples(deps: SeedDeps, now: number): Promise<number> {
  const ferry = OTHER_POSTS[0];
  const post = ferry && (await deps.posts.findPostBySlug(ferry.slug));
  if (!ferry || !post) return 0;
  for (const c of SCREENED_SAMPLES) {
    const clock: Clock = { now: () => now - ferry.ageMs + c.at * MINUTE };
    await postComment({ ...deps, clock }, { threadId: post.threadId, body: c.body, authorName: c.name, clientAddress: c.address });
  }
  return SCREENED_SAMPLES.length;
}

async function siteExists(deps: Pick<SeedDeps, "sites">): Promise<boolean> {
  try {
    await deps.sites.getSite(OWN_SITE_ID);
    return true;
  } catch {
    return false;
  }
}

async function addPost(deps: SeedDeps, p: SamplePost, now: number, authorId: number | null) {
  return createPost(deps, {
    siteId: OWN_SITE_ID,
    slug: p.slug,
    title: p.title,
    standfirst: p.standfirst,
    body: p.body,
    publishedAt: now - p.ageMs,
    ...(authorId !== null ? { authorId } : {}),
    ...(p.dateline ? { dateline: p.dateline } : {}),
    ...(p.labels ? { labels: p.labels } : {}),
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
      // The sample discussion stands as it would after import: published as written, unscreened.
      { threadId: post.threadId, parentId: parent?.id, body: c.body, authorName: c.name, authorWebsite: c.website, clientAddress: "192.0.2.1", imported: true },
    );
    ids.set(c.key, { id: comment.id, token: editToken });
  }
  for (const c of FLOOD_PACT_COMMENTS.filter((x) => x.removed)) {
    const own = ids.get(c.key);
    if (own) await removeComment({ ...deps, clock: { now: () => published + (c.at + 30) * MINUTE } }, { commentId: own.id, editToken: own.token });
  }
  return FLOOD_PACT_COMMENTS.length;
}
