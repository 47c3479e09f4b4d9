import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSafeHref, renderCommentMarkdown, renderPostMarkdown } from "../../src/domain/markup/render-markdown.js";

const REL = 'rel="nofollow ugc noopener noreferrer"';
const ALLOWED = new Set(["p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"]);

/**
 * Fails when the HTML holds a live risk: text never contains a raw "<" after sanitising, so every
 * "<" starts a real tag, whose name and attributes are checked.
 */
function expectHarmless(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const [, name = "", attrs = ""] = m;
    expect(ALLOWED.has(name.toLowerCase()), `tag <${name}>`).toBe(true);
    for (const a of attrs.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      const attr = (a[1] ?? "").toLowerCase();
      if (attr === "/") continue;
      expect(["href", "rel", "start"], `attribute ${attr}`).toContain(attr);
      if (attr === "href") expect(isSafeHref((a[2] ?? "").replace(/&amp;/g, "&"))).toBe(true);
    }
  }
  expect(html.replace(/<\/?[a-zA-Z0-9]+[^>]*>/g, "")).not.toContain("<");
}

describe("comment Markdown", () => {
  it.each([
    ["*a* **b**", "<p><em>a</em> <strong>b</strong></p>"],
    ["> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"],
    ["`x < y`", "<p><code>x &lt; y</code></p>"],
    // A line of tildes or an indented line is prose in a comment, never a code block running off the page.
    ["~~~~~\nUnder the line\n~~~~~", "<p>~~~~~<br />\nUnder the line<br />\n~~~~~</p>"],
    ["    four spaces in\nand on", "<p>four spaces in<br />\nand on</p>"],
    ["```\nx = 1\n```", "<pre><code>x = 1\n</code></pre>"],
    ["- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"],
    ["[site](https://example.com)", `<p><a href="https://example.com" ${REL}>site</a></p>`],
    ["https://example.com/a", `<p><a href="https://example.com/a" ${REL}>https://example.com/a</a></p>`],
    ["line one\nline two", "<p>line one<br />\nline two</p>"],
    ["声东击西 😀", "<p>声东击西 😀</p>"],
  ])("renders %j", (src, html) => {
    expect(renderCommentMarkdown(src)).toBe(html);
  });

  it.each([
    ["# heading", "<p># heading</p>"],
    ["![alt](https://example.com/x.png)", `<p>!<a href="https://example.com/x.png" ${REL}>alt</a></p>`],
    ["<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"],
  ])("leaves out what comments may not have: %j", (src, html) => {
    expect(renderCommentMarkdown(src)).toBe(html);
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](\u0001javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "[x](https://example.com\"onmouseover=\"alert(1))",
    "<iframe src=javascript:alert(1)>",
  ])("never produces a live script from %j", (src) => {
    expectHarmless(renderCommentMarkdown(src));
  });

  it("turns a link whose text is a different URL into plain text", () => {
    expect(renderCommentMarkdown("[https://bank.example](https://evil.example/login)")).toBe("<p>https://bank.example</p>");
    expect(renderCommentMarkdown("[https://example.com](https://example.com/page)")).toContain("<a ");
  });

  it("handles pathological input without blowing up", () => {
    const inputs = ["[".repeat(5000), "`".repeat(5000), "*a".repeat(3000), "> ".repeat(3000) + "x", "[a]: b\n".repeat(1000)];
    for (const src of inputs) expect(typeof renderCommentMarkdown(src)).toBe("string");
  });
});

describe("link targets", () => {
  it("allows relative, http(s) and mailto only", () => {
    expect(isSafeHref("/posts/x")).toBe(true);
    expect(isSafeHref("https://a.example")).toBe(true);
    expect(isSafeHref("mailto:a@b.example")).toBe(true);
    expect(isSafeHref("\u0000 java\nscript:x")).toBe(false);
    expect(isSafeHref("//evil.example")).toBe(false);
  });
});

describe("post Markdown", () => {
  it("allows headings and images for editors, still sanitised", () => {
    expect(renderPostMarkdown("## Sub\n\n![a](https://example.com/a.png)")).toBe('<h2>Sub</h2>\n<p><img src="https://example.com/a.png" alt="a" /></p>');
    expect(renderPostMarkdown("<script>x</script>")).not.toContain("<script");
  });
});

describe("sanitiser properties", () => {
  const hostile = fc.array(
    fc.constantFrom("<", ">", "\"", "'", "=", "javascript:", "&#", "x6A;", "on", "error", "load", "[", "]", "(", ")", "!", "`", "*", "_", "\n", " ", "\t", "script", "img", "a", "href", "src", "svg", "://", "\u0000", "data:", "&", ";"),
    { maxLength: 40 },
  ).map((parts) => parts.join(""));

  it("never throws and never emits a script, an event handler or a dangerous URL", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ maxLength: 200 })), (src) => {
        expectHarmless(renderCommentMarkdown(src));
      }),
      { numRuns: 2000 },
    );
  });
});
