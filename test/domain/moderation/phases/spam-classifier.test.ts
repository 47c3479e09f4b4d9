import { describe, expect, it } from "vitest";
import { spamClassifier } from "../../../../src/domain/moderation/phases/spam-classifier.js";
import { screening } from "../fixture.js";

describe("spam-classifier phase", () => {
  it("abstains while the model is untrained", () => {
    expect(spamClassifier.decide(screening({ spamProbability: null })).action).toBe("accept");
  });
  it("accepts below the hold threshold, holds above it, files as spam above the reject threshold", () => {
    expect(spamClassifier.decide(screening({ spamProbability: 0.5 })).action).toBe("accept");
    expect(spamClassifier.decide(screening({ spamProbability: 0.85 }))).toEqual({ action: "hold", reason: "85.0 % likely spam" });
    const v = spamClassifier.decide(screening({ spamProbability: 0.995 }));
    expect(v.action).toBe("reject");
    expect("refusal" in v && v.refusal).toBeFalsy();
  });
});
