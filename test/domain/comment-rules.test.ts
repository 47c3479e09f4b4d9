import { describe, expect, it } from "vitest";
import { canEditComment, canRemoveComment, EDIT_WINDOW_MS, placeReply } from "../../src/domain/comments/comment.js";
import { cleanAuthorFields, cleanBody, cleanName, cleanWebsite, LIMITS } from "../../src/domain/comments/comment-input.js";
import { cutTo } from "../../src/domain/shared/text.js";
import { slugify } from "../../src/domain/posts/post.js";
import { DomainError } from "../../src/domain/shared/errors.js";

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.field;
    throw e;
  }
  return undefined;
};

describe("placing a reply", () => {
  it("nests under the target while there is room", () => {
    expect(placeReply({ id: 9, parentId: 3, numberPath: [4, 2] }, 3)).toEqual({ parentId: 9, replyingToId: null });
  });
  it("attaches beside a target at the deepest level and remembers whom it answers", () => {
    expect(placeReply({ id: 9, parentId: 3, numberPath: [4, 2, 1] }, 3)).toEqual({ parentId: 3, replyingToId: 9 });
  });
  it("makes a flat thread when the depth limit is 1", () => {
    expect(placeReply({ id: 9, parentId: null, numberPath: [4] }, 1)).toEqual({ parentId: null, replyingToId: 9 });
  });
});

describe("the edit window", () => {
  it("allows editing for 15 minutes, then not", () => {
    expect(canEditComment({ status: "published", createdAt: 0 }, EDIT_WINDOW_MS)).toBe(true);
    expect(canEditComment({ status: "published", createdAt: 0 }, EDIT_WINDOW_MS + 1)).toBe(false);
    expect(canEditComment({ status: "removed_by_author", createdAt: 0 }, 1)).toBe(false);
  });
  it("allows removal at any time until removed", () => {
    expect(canRemoveComment({ status: "published" })).toBe(true);
    expect(canRemoveComment({ status: "removed_by_moderator" })).toBe(false);
  });
});

describe("cleaning what a reader typed", () => {
  it("keeps any script intact, normalised to NFC", () => {
    expect(cleanBody("Cafe\u0301 声东击西 😀 مرحبا")).toBe("Café 声东击西 😀 مرحبا");
  });
  it("refuses an empty or whitespace-only body, naming the field", () => {
    expect(fieldOf(() => cleanBody(" \n\t "))).toBe("body");
  });
  it("refuses a body over the limit, counting code points not UTF-16 units", () => {
    expect(() => cleanBody("😀".repeat(LIMITS.bodyChars))).not.toThrow();
    expect(fieldOf(() => cleanBody("😀".repeat(LIMITS.bodyChars + 1)))).toBe("body");
  });
  it("strips bidi overrides and control characters from names", () => {
    expect(cleanName("Eve\u202Egnp.exe\u0007")).toBe("Evegnp.exe");
    expect(cleanName("   ")).toBeNull();
  });
  it("cuts text to a length without halving a character (a lone surrogate is no text: SQLite stores it broken, encodeURIComponent refuses it)", () => {
    expect(cutTo("ab😀", 3)).toBe("ab");
    expect(cutTo("ab😀", 4)).toBe("ab😀");
    expect(cutTo("abc", 10)).toBe("abc");
    const slug = slugify(`${"a".repeat(79)}𠀀𠀀`);
    expect(slug).toBe("a".repeat(79));
    expect(() => encodeURIComponent(slugify(`${"a".repeat(78)}𠀀𠀀`))).not.toThrow();
    expect(slugify(`${"a".repeat(78)}𠀀𠀀`)).toBe(`${"a".repeat(78)}𠀀`);
  });
  it("takes a name that draws nothing for no name (anonymous), keeping what emoji and scripts need", () => {
    for (const blank of ["\u3164", "\u200b".repeat(50), "\u2800", "\u115f\u1160", "\u00ad\u2060\ufeff", "\u180e \u3164", "\u{e0041}\u{e0042}"]) expect(cleanName(blank), JSON.stringify(blank)).toBeNull();
    expect(cleanName("Zoë 👩\u200d💻")).toBe("Zoë 👩\u200d💻");
    expect(cleanName("❤\ufe0f Bob")).toBe("❤\ufe0f Bob");
    expect(cleanName("मनीषा")).toBe("मनीषा");
    expect(cleanName("ㅤAda")).toBe("ㅤAda");
    expect(fieldOf(() => cleanName("x".repeat(LIMITS.nameChars + 1)))).toBe("authorName");
  });
  it.each([
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["ftp://example.com"],
    ["https://user:pw@example.com"],
    ["http://"],
  ])("refuses the website %s", (site) => {
    expect(fieldOf(() => cleanWebsite(site))).toBe("authorWebsite");
  });
  it("accepts http(s) websites and adds https:// to a bare host", () => {
    expect(cleanWebsite("example.com/me")).toBe("https://example.com/me");
    expect(cleanWebsite("http://example.com")).toBe("http://example.com/");
  });
  it("treats an empty name as anonymous", () => {
    expect(cleanAuthorFields({ body: "hi", authorName: "" })).toEqual({ body: "hi", authorName: null, authorWebsite: null });
  });
});

describe("dates as readers see them", async () => {
  const { dateHeader, exactTime, relativeTime } = await import("../../src/views/format-time.js");
  it("formats the date header, the exact time and relative times", () => {
    const t = Date.UTC(2024, 5, 19, 14, 5);
    expect(dateHeader(t, "UTC")).toBe("Wednesday, June 19, 2024");
    expect(exactTime(t, "UTC")).toBe("June 19, 2024 at 14:05 UTC");
    expect(relativeTime(t, t + 30_000)).toBe("just now");
    expect(relativeTime(t, t + 5 * 60_000)).toBe("5 minutes ago");
    expect(relativeTime(t, t + 26 * 3600_000)).toBe("yesterday");
  });
});
