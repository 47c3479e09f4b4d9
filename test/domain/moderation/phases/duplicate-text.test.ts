import { describe, expect, it } from "vitest";
import { duplicateText, fingerprint, fingerprintHash } from "../../../../src/domain/moderation/phases/duplicate-text.js";
import { sha256Hasher } from "../../../../src/security/node-crypto.js";
import { screening } from "../fixture.js";

describe("duplicate-text phase", () => {
  it("holds a comment whose text the same author already posted within the window", () => {
    expect(duplicateText.decide(screening({ copies: 1 }))).toEqual({ action: "hold", reason: "same text as 1 earlier comment by this author within 60 minutes" });
    expect(duplicateText.decide(screening({ copies: 3 })).action).toBe("hold");
  });
  it("accepts text not seen before", () => {
    expect(duplicateText.decide(screening({ copies: 0 })).action).toBe("accept");
  });
  it("fingerprints ignore case, spacing, punctuation and full-width forms", () => {
    expect(fingerprint("BUY  cheap watches!!!")).toBe(fingerprint("buy cheap watches"));
    expect(fingerprint("ＨＥＬＬＯ, world")).toBe(fingerprint("hello world"));
    expect(fingerprintHash(sha256Hasher, "Buy cheap watches!")).toBe(fingerprintHash(sha256Hasher, "buy, cheap  WATCHES"));
    expect(fingerprintHash(sha256Hasher, "A first thought.")).not.toBe(fingerprintHash(sha256Hasher, "A second thought."));
    expect(fingerprintHash(sha256Hasher, "!!! ...")).toBeNull();
  });
});
