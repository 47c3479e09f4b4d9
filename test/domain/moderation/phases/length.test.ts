import { describe, expect, it } from "vitest";
import { length } from "../../../../src/domain/moderation/phases/length.js";
import { NEWCOMER, screening } from "../fixture.js";

describe("length phase", () => {
  it("refuses a comment with nothing readable, naming the body field", () => {
    for (const body of ["   ", "\u200b\u200b", "...!!!", "— — —", "\u3164", "\u2800\u2800", "\u115f\u1160\uffa0", "\u00ad\u2060\ufeff"]) {
      const v = length.decide(screening({ body }));
      expect(v.action, body).toBe("reject");
      expect(v.action === "reject" && v.refusal).toMatchObject({ code: "invalid_input", field: "body" });
    }
  });
  it("refuses more than 10,000 characters, counted in code points", () => {
    expect(length.decide(screening({ body: "字".repeat(10_000) })).action).toBe("accept");
    expect(length.decide(screening({ body: "字".repeat(10_001) })).action).toBe("reject");
  });
  it("accepts short real text in any script, and emoji", () => {
    for (const body of ["ok", "好", "👍", "٣"]) expect(length.decide(screening({ body })).action, body).toBe("accept");
  });
  it("holds a newcomer's comment that is nothing but links", () => {
    const links = { body: "https://a.example/x https://b.example/y", linkHosts: ["a.example", "b.example"] };
    expect(length.decide(screening({ ...links, history: NEWCOMER }))).toMatchObject({ action: "hold", reason: "nothing but links, from a commenter without a published comment" });
    expect(length.decide(screening(links)).action).toBe("accept");
    expect(length.decide(screening({ body: "Good source: https://a.example/x", linkHosts: ["a.example"] })).action).toBe("accept");
  });
});
