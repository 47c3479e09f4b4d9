import { describe, expect, it } from "vitest";
import { duplicateText, fingerprint } from "../../../../src/domain/moderation/phases/duplicate-text.js";
import { screening } from "../fixture.js";

describe("duplicate-text phase", () => {
  it("holds the same text again, ignoring case, spacing and punctuation", () => {
    const v = duplicateText.decide(screening({ body: "BUY  cheap watches!!!", recentBodies: ["buy cheap watches", "something else"] }));
    expect(v).toEqual({ action: "hold", reason: "same text as 1 earlier comment by this author within 60 minutes" });
  });
  it("accepts different text", () => {
    expect(duplicateText.decide(screening({ body: "A second thought.", recentBodies: ["A first thought."] })).action).toBe("accept");
  });
  it("fingerprints full-width and composed forms alike", () => {
    expect(fingerprint("ＨＥＬＬＯ, world")).toBe(fingerprint("hello world"));
  });
});
