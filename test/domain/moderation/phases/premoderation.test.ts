import { describe, expect, it } from "vitest";
import { premoderation } from "../../../../src/domain/moderation/phases/premoderation.js";
import { NEWCOMER, screening } from "../fixture.js";

describe("pre-moderation phase", () => {
  it("accepts on open threads", () => {
    expect(premoderation.decide(screening({ threadMode: "open", history: NEWCOMER })).action).toBe("accept");
  });
  it("holds a newcomer on a moderated thread", () => {
    expect(premoderation.decide(screening({ threadMode: "moderated", history: NEWCOMER })).action).toBe("hold");
  });
  it("holds everyone, trusted or not, on a post its editor set to hold comments", () => {
    const approved = { total: 1, approved: 1, rejected: 0, firstSeenAt: 0 };
    expect(premoderation.decide(screening({ threadMode: "moderated", heldByPost: true, history: approved })).action).toBe("hold");
  });
  it("trusts an author with an approved comment and no rejected one while the site is moderated, when the site allows it", () => {
    const approved = { total: 1, approved: 1, rejected: 0, firstSeenAt: 0 };
    expect(premoderation.decide(screening({ threadMode: "moderated", history: approved })).action).toBe("accept");
    expect(premoderation.decide(screening({ threadMode: "moderated", history: approved, settings: { trustApprovedAuthors: false } })).action).toBe("hold");
    expect(premoderation.decide(screening({ threadMode: "moderated", history: { ...approved, rejected: 1 } })).action).toBe("hold");
  });
  it("holds everything, trusted or not, while the emergency switch is on", () => {
    const v = premoderation.decide(screening({ threadMode: "open", settings: { premoderateAll: true } }));
    expect(v).toMatchObject({ action: "hold", reason: "the site is pre-moderating every comment" });
  });
  it("does not apply to staff", () => {
    expect(premoderation.appliesToStaff).toBe(false);
  });
});
