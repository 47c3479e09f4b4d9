import { describe, expect, it } from "vitest";
import { normalisePageUrl } from "../../src/domain/embeds/page-url.js";
import { parseOrigin } from "../../src/domain/sites/manage-sites.js";

describe("a page's address, normalised", () => {
  it.each([
    ["HTTPS://News.Example.ORG:443/a/b?x=1#comments", "https://news.example.org/a/b?x=1"],
    ["http://example.org:80/", "http://example.org/"],
    ["http://example.org:8080/p", "http://example.org:8080/p"],
    ["https://example.org/p?utm_source=tw&id=7&utm_medium=social&fbclid=abc&gclid=g&b=2", "https://example.org/p?id=7&b=2"],
    ["https://example.org/p?b=2&a=1", "https://example.org/p?b=2&a=1"],
    ["https://user:pw@example.org/p", "https://example.org/p"],
    ["https://example.org/p?utm_campaign=x", "https://example.org/p"],
    ["https://example.org/p?MSCLKID=1&Utm_Term=2&q=", "https://example.org/p?q="],
  ])("%s → %s", (input, expected) => {
    expect(normalisePageUrl(input)).toBe(expected);
  });

  it.each(["not a url", "javascript:alert(1)", "ftp://example.org/file", `https://example.org/${"a".repeat(2100)}`])("refuses %s", (input) => {
    expect(() => normalisePageUrl(input)).toThrow(expect.objectContaining({ code: "invalid_input", field: "url" }));
  });
});

describe("an allowed origin", () => {
  it.each([
    ["https://Example.org", "https://example.org"],
    ["https://example.org:443", "https://example.org"],
    ["http://localhost:8080", "http://localhost:8080"],
    ["https://example.org/", "https://example.org"],
  ])("%s is %s", (input, expected) => {
    expect(parseOrigin(input)).toBe(expected);
  });

  it.each(["https://example.org/path", "https://*.example.org", "example.org", "https://example.org?x=1", "ftp://example.org", "https://u:p@example.org"])("refuses %s", (input) => {
    expect(() => parseOrigin(input)).toThrow(expect.objectContaining({ field: "origins" }));
  });
});
