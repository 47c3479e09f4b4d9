import { describe, expect, it } from "vitest";
import { htmlToMarkdown, sanitisedHtmlToText } from "../../src/domain/markup/html-to-markdown.js";
import { sanitizeImportedCommentHtml } from "../../src/domain/markup/render-markdown.js";

describe("an imported comment's text", () => {
  it.each([
    ["<p>One &amp; two</p><p>three <a href=\"https://x.example/?a=1&b=2\">link</a></p>", "One & two\nthree link"],
    ["line<br>break<br/>again", "line\nbreak\nagain"],
    ["a &lt;script&gt; is text, 5 > 3 and \"quoted\" 'single'", "a <script> is text, 5 > 3 and \"quoted\" 'single'"],
    ["<script>gone()</script><b>bold</b> 画蛇添足 😀 &eacute;", "bold 画蛇添足 😀 é"],
    ["<img src=x onerror=alert(1)>&amp;lt;not a tag&amp;gt;", "&lt;not a tag&gt;"],
  ])("is the text a reader sees: %s", (html, text) => {
    expect(sanitisedHtmlToText(sanitizeImportedCommentHtml(html))).toBe(text);
  });
});

describe("an imported post's Markdown", () => {
  it("is its text when its markup is nested too deep to convert (20,000 levels overflowed the converter, and the import)", () => {
    const deep = `${"<div>".repeat(20_000)}<p>Still <b>here</b></p><script>gone()</script>${"</div>".repeat(20_000)}`;
    expect(htmlToMarkdown(deep)).toBe("Still here");
    expect(htmlToMarkdown("<p>Kept <b>bold</b></p>")).toBe("Kept **bold**");
  });
});
