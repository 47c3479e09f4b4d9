import { describe, expect, it } from "vitest";
import { firstComment } from "../../../../src/domain/moderation/phases/first-comment.js";
import { NEWCOMER, screening } from "../fixture.js";

describe("first-comment phase", () => {
  it("holds someone never seen before when the site asks for it", () => {
    expect(firstComment.decide(screening({ history: NEWCOMER, settings: { holdFirstComments: true } }))).toMatchObject({ action: "hold" });
  });
  it("accepts a returning commenter, and everyone when the setting is off", () => {
    expect(firstComment.decide(screening({ settings: { holdFirstComments: true } })).action).toBe("accept");
    expect(firstComment.decide(screening({ history: NEWCOMER, settings: { holdFirstComments: false } })).action).toBe("accept");
  });
});
