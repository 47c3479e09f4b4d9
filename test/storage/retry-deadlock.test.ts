import { describe, expect, it } from "vitest";
import { retryOnDeadlock } from "../../src/storage/retry-deadlock.js";

/** An error as pg reports one, with PostgreSQL's SQLSTATE in `code`. */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("a statement PostgreSQL aborted as a deadlock", () => {
  it("is run again, at most three times in all; any other error goes straight to the caller", async () => {
    let runs = 0;
    expect(await retryOnDeadlock(async () => (++runs < 3 ? Promise.reject(pgError("40P01")) : "stored"))).toBe("stored");
    expect(runs).toBe(3);

    runs = 0;
    await expect(retryOnDeadlock(async () => (runs++, Promise.reject(pgError("40P01"))))).rejects.toThrow("pg 40P01");
    expect(runs).toBe(3);

    runs = 0;
    await expect(retryOnDeadlock(async () => (runs++, Promise.reject(pgError("23505"))))).rejects.toThrow("pg 23505");
    expect(runs).toBe(1);
  });
});
