import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());
const parser = new XMLParser({ ignoreAttributes: false });

async function world() {
  w = await makeAppWorld({ env: { BROADSHEET_PUBLIC_URL: "https://news.example" } });
  const flood = await w.makePost({ title: "Floods & <tides>", slug: "floods", labels: ["floods"], body: "Water *rose* <script>alert(1)</script>", standfirst: "It rose." });
  await w.makePost({ title: "Ferry", slug: "ferry", labels: ["transport"] });
  await w.makePost({ title: "Later", slug: "later", publishedAt: w.clock.now() + 3600_000 });
  await w.makeComment(flood, { body: "First <b>comment</b>", authorName: "Ana" });
  return flood;
}

describe("feeds and discovery", () => {
  it("serves well-formed Atom and RSS with absolute URLs and escaped content, without unpublished posts", async () => {
    await world();
    const atom = await w.app.inject({ url: "/feeds/posts.atom" });
    expect(atom.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const feed = parser.parse(atom.body).feed;
    const entries = [feed.entry].flat();
    expect(entries.map((e: { title: { "#text"?: string } | string }) => (typeof e.title === "string" ? e.title : e.title["#text"]))).toEqual(["Ferry", "Floods & <tides>"]);
    expect(atom.body).toContain("https://news.example/posts/floods");
    expect(atom.body).not.toContain("<script>alert");
    const rss = await w.app.inject({ url: "/feeds/posts.rss" });
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(XMLValidator.validate(rss.body)).toBe(true);
    expect([parser.parse(rss.body).rss.channel.item].flat()).toHaveLength(2);
  });

  it("serves a feed per label", async () => {
    await world();
    const res = await w.app.inject({ url: "/labels/floods/feed.atom" });
    expect(XMLValidator.validate(res.body)).toBe(true);
    expect(res.body).toContain("https://news.example/posts/floods");
    expect(res.body).not.toContain("/posts/ferry");
  });

  it("serves comment feeds, site-wide and per post, linking to each comment", async () => {
    await world();
    for (const url of ["/feeds/comments.atom", "/posts/floods/comments.atom"]) {
      const res = await w.app.inject({ url });
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect(res.body).toContain("https://news.example/posts/floods#c-1");
      expect(res.body).toContain("Ana on");
    }
    expect((await w.app.inject({ url: "/posts/later/comments.atom" })).statusCode).toBe(404);
  });

  it("lists public posts in sitemap.xml and points robots.txt at it", async () => {
    await world();
    const sitemap = await w.app.inject({ url: "/sitemap.xml" });
    expect(XMLValidator.validate(sitemap.body)).toBe(true);
    expect(sitemap.body).toContain("<loc>https://news.example/posts/floods</loc>");
    expect(sitemap.body).not.toContain("/posts/later");
    expect((await w.app.inject({ url: "/robots.txt" })).body).toContain("Sitemap: https://news.example/sitemap.xml");
  });

  it("describes a post for social cards and as a NewsArticle", async () => {
    const post = await world();
    const html = (await w.app.inject({ url: `/posts/${post.slug}` })).body;
    expect(html).toContain('<meta property="og:title" content="Floods &amp; &lt;tides>"/>');
    expect(html).toContain('<meta name="twitter:card" content="summary"/>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1] ?? "{}");
    expect(ld).toMatchObject({ "@type": "NewsArticle", headline: "Floods & <tides>", url: "https://news.example/posts/floods" });
    expect(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1]).not.toContain("<");
  });
});
