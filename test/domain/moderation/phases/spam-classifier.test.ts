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

describe("training by moderators' decisions", () => {
  it("adds a first decision, moves a changed mind between classes, and ignores the same decision again", async () => {
    const { trainingDeltas } = await import("../../../../src/domain/moderation/spam-model.js");
    expect(trainingDeltas(null, "spam")).toEqual([[1, 0]]);
    expect(trainingDeltas("spam", "ham")).toEqual([[-1, 0], [0, 1]]);
    expect(trainingDeltas("ham", "spam")).toEqual([[0, -1], [1, 0]]);
    expect(trainingDeltas("spam", "spam")).toEqual([]);
  });
});
