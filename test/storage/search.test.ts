import { afterEach, describe, expect, it } from "vitest";
import { removeComment } from "../../src/domain/comments/remove-comment.js";
import { cleanPostFields } from "../../src/domain/posts/post-fields.js";
import { savePost } from "../../src/domain/posts/save-post.js";
import { queryTerms, search } from "../../src/domain/search/search.js";
import { createUser } from "../../src/domain/users/create-user.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

const text = (s: { parts: ReadonlyArray<{ text: string; match: boolean }> }) => s.parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join("");

describe("query terms", () => {
  it("keeps words of any script and drops operators", () => {
    expect(queryTerms(' "sea wall" OR -harbour* 声东击西 NEAR(x) ')).toEqual(["sea", "wall", "or", "harbour", "声东击西", "near", "x"]);
    expect(queryTerms("  ***  ")).toEqual([]);
  });
});

describe.each(dialects())("search on %s", (dialect) => {
  let w: World;
  afterEach(async () => w?.cleanup());

  it("finds public posts by a word of their body, highlighted, and not drafts or future posts", async () => {
    w = await makeWorld({ dialect });
    await w.makePost({ title: "Sea wall vote", body: "The councillors voted for the barrier after a long debate about concrete." });
    await w.makePost({ title: "Later", body: "Concrete news tomorrow.", publishedAt: w.clock.now() + 3600_000 });
    const editor = await createUser(w.deps, { email: "ed@example.test", displayName: "Ed", role: "editor", password: "correct horse battery" });
    await savePost(w.deps, { fields: cleanPostFields({ title: "Draft", body: "Concrete draft." }), publishing: { kind: "draft" }, editorId: editor.id });
    const found = await search(w.deps, { siteId: 1, q: "concret", kind: "posts", page: 1 });
    expect(found.posts?.total).toBe(1);
    expect(found.posts?.hits[0]?.title).toBe("Sea wall vote");
    expect(text(found.posts?.hits[0]?.snippet ?? { parts: [] })).toMatch(/\[concrete\]/i);
  });

  it("finds published comments by a word of their text, and forgets removed ones", async () => {
    w = await makeWorld({ dialect });
    const post = await w.makePost({ title: "Ferry" });
    await w.makeComment(post, { body: "The timetable is a disgrace", authorName: "Ana" });
    const gone = await w.makeComment(post, { body: "Another timetable complaint" });
    await removeComment(w.deps, { commentId: gone.comment.id, editToken: gone.editToken });
    const found = await search(w.deps, { siteId: 1, q: "timetable", kind: "comments", page: 1 });
    expect(found.comments?.total).toBe(1);
    expect(found.comments?.hits[0]).toMatchObject({ slug: post.slug, authorName: "Ana", numberPath: [1] });
    expect(text(found.comments?.hits[0]?.snippet ?? { parts: [] })).toContain("[timetable]");
  });

  it("finds part of a Chinese or Japanese phrase in comments and posts, together by default, marked in the snippet", async () => {
    w = await makeWorld({ dialect });
    const post = await w.makePost({ title: "東京タワーの夜", body: "A report from Tokyo." });
    await w.makeComment(post, { body: "他们的策略是声东击西，大家都看出来了。" });
    await w.makeComment(post, { body: "Unrelated: 东西 are things, 击 is a strike." });
    const found = await search(w.deps, { siteId: 1, q: "击西", kind: "all", page: 1 });
    expect(found.comments?.total).toBe(1);
    expect(text(found.comments?.hits[0]?.snippet ?? { parts: [] })).toContain("声东[击西]");
    // The characters must stand together and in order: "西击" is not in the phrase.
    expect((await search(w.deps, { siteId: 1, q: "西击", kind: "comments", page: 1 })).comments?.total).toBe(0);
    const posts = await search(w.deps, { siteId: 1, q: "タワー", kind: "all", page: 1 });
    expect(posts.posts?.hits.map((h) => h.title)).toEqual(["東京タワーの夜"]);
    // Latin words are unaffected.
    expect((await search(w.deps, { siteId: 1, q: "tokyo", kind: "posts", page: 1 })).posts?.total).toBe(1);
  });

  it("pages through many results", async () => {
    w = await makeWorld({ dialect });
    const post = await w.makePost();
    for (let i = 0; i < 23; i++) await w.makeComment(post, { body: `storm number ${i}` });
    const p1 = await search(w.deps, { siteId: 1, q: "storm", kind: "comments", page: 1 });
    const p3 = await search(w.deps, { siteId: 1, q: "storm", kind: "comments", page: 3 });
    expect(p1.comments?.total).toBe(23);
    expect(p1.comments?.hits).toHaveLength(10);
    expect(p3.comments?.hits).toHaveLength(3);
  });
});
