import { describe, expect, it } from "vitest";
import { honeypot } from "../../../../src/domain/moderation/phases/honeypot.js";
import { screening } from "../fixture.js";

describe("honeypot phase", () => {
  it("accepts when the hidden field is empty (or only spaces)", () => {
    expect(honeypot.decide(screening({ honeypot: "" })).action).toBe("accept");
    expect(honeypot.decide(screening({ honeypot: "  " })).action).toBe("accept");
  });
  it("files as spam, silently (no refusal), when a bot filled it", () => {
    const v = honeypot.decide(screening({ honeypot: "https://cheap-pills.example" }));
    expect(v).toMatchObject({ action: "reject" });
    expect("refusal" in v && v.refusal).toBeFalsy();
  });
});
