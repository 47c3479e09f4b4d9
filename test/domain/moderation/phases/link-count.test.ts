import { describe, expect, it } from "vitest";
import { linkCount } from "../../../../src/domain/moderation/phases/link-count.js";
import { NEWCOMER, screening } from "../fixture.js";

describe("link-count phase", () => {
  it("holds two or more links from a commenter without an approved comment", () => {
    const v = linkCount.decide(screening({ history: NEWCOMER, linkHosts: ["pills.example", "pills.example"] }));
    expect(v).toEqual({ action: "hold", reason: "2 links (pills.example) from a commenter without an approved comment" });
  });
  it("accepts one link from a newcomer, and many from someone already approved", () => {
    expect(linkCount.decide(screening({ history: NEWCOMER, linkHosts: ["news.example"] })).action).toBe("accept");
    expect(linkCount.decide(screening({ linkHosts: ["a.example", "b.example", "c.example"] })).action).toBe("accept");
  });
  it("uses the site's threshold", () => {
    expect(linkCount.decide(screening({ history: NEWCOMER, linkHosts: ["a.example", "b.example"], settings: { holdLinksFromNewAt: 3 } })).action).toBe("accept");
  });
});
