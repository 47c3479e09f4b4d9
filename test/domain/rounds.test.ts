import { describe, expect, it } from "vitest";
import { Rounds } from "../../src/domain/shared/rounds.js";

describe("rounds", () => {
  it("cover every caller with a round that starts after it asked, shared by those who wait together", async () => {
    const written: number[] = [];
    const seen: number[][] = [];
    let release: () => void = () => undefined;
    const rounds = new Rounds(async () => {
      const read = [...written]; // the round's read
      await new Promise<void>((r) => (release = r));
      seen.push(read);
      return read.length;
    });
    written.push(1);
    const first = rounds.run();
    written.push(2); // after the running round's read
    const second = rounds.run();
    written.push(3);
    const third = rounds.run();
    expect(second).toBe(third); // one round for both
    release();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    release();
    expect(await second).toBe(3);
    expect(seen).toEqual([[1], [1, 2, 3]]);
    await rounds.idle();
  });

  it("run the next round after a failed one, and settle idle whatever the outcome", async () => {
    let calls = 0;
    const rounds = new Rounds(async () => {
      calls++;
      await new Promise((r) => setImmediate(r));
      if (calls === 1) throw new Error("disk away");
      return calls;
    });
    const failing = rounds.run();
    const after = rounds.run();
    await expect(failing).rejects.toThrow("disk away");
    expect(await after).toBe(2);
    await rounds.idle();
    expect(await rounds.run()).toBe(3);
  });
});
