import { describe, expect, it } from "vitest";
import { findProfanity, joinSpelledOut, profanity } from "../../../../src/domain/moderation/phases/profanity.js";
import { screening } from "../fixture.js";

describe("profanity phase", () => {
  it("finds plain and disguised words: leetspeak, symbols, repeats, spelled out", () => {
    expect(findProfanity("what a load of shit")).toEqual(["shit"]);
    expect(findProfanity("sh1t")).toEqual(["shit"]);
    expect(findProfanity("you a$$hole")).toEqual(["ass"]);
    expect(findProfanity("fuuuuck this")).toEqual(["fuck"]);
    expect(findProfanity("f u c k this")).toEqual(["fuck"]);
    expect(findProfanity("f.u.c.k this")).toEqual(["fuck"]);
  });
  it("leaves innocent words alone (the Scunthorpe problem)", () => {
    for (const text of ["Scunthorpe United", "an assassin's class", "the analysis of Essex", "I is a letter", "a b c of harbour works"]) {
      expect(findProfanity(text), text).toEqual([]);
    }
  });
  it("does not read numbers as leetspeak: a news site's readers write figures", () => {
    for (const text of ["The levy raised £455 million", "call 455-1234", "a rise of 0.8455 %", "5318008", "in 1337 and 1455"]) {
      expect(findProfanity(text), text).toEqual([]);
    }
    expect(findProfanity("you a55")).toEqual(["ass"]);
    expect(findProfanity("what 5h1t")).toEqual(["shit"]);
  });
  it("joins only runs of single letters", () => {
    expect(joinSpelledOut("a b c and d e")).toBe("abc and d e");
  });
  it("holds, rejects or ignores as the site chooses, naming the word censored", () => {
    const body = "this is shit";
    expect(profanity.decide(screening({ body }))).toEqual({ action: "hold", reason: "contains s**t" });
    expect(profanity.decide(screening({ body, settings: { profanityAction: "reject" } })).action).toBe("reject");
    expect(profanity.decide(screening({ body, settings: { profanityAction: "off" } })).action).toBe("accept");
  });
});
