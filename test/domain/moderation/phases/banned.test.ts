import { describe, expect, it } from "vitest";
import { banned } from "../../../../src/domain/moderation/phases/banned.js";
import { ban, screening } from "../fixture.js";

describe("banned phase", () => {
  it("accepts when no ban matches", () => {
    expect(banned.decide(screening()).action).toBe("accept");
  });
  it("refuses a banned network and says until when", () => {
    const v = banned.decide(screening({ bans: [ban({ kind: "network", expiresAt: Date.UTC(2030, 0, 2, 3, 4) })] }));
    expect(v.action).toBe("reject");
    expect(v.action === "reject" && v.refusal).toMatchObject({ code: "banned" });
    expect(v.action === "reject" && v.refusal?.message).toContain("until 2030-01-02 03:04 UTC");
  });
  it("names a permanent ban as such, preferring it over a timed one", () => {
    const v = banned.decide(screening({ bans: [ban({ id: 1, expiresAt: 5 }), ban({ id: 2, kind: "email_domain", expiresAt: null })] }));
    expect(v.action === "reject" && v.refusal?.message).toBe("You cannot comment here: a moderator has banned this e-mail domain.");
    expect(v.action === "reject" && v.reason).toContain("ban #2");
  });
  it("applies to staff too (a banned moderator account is still banned)", () => {
    expect(banned.appliesToStaff).toBe(true);
  });
});
