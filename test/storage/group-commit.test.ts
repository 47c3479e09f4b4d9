import { afterEach, describe, expect, it } from "vitest";
import { withTransaction } from "../../src/storage/db.js";
import { openTestStore } from "../helpers/world.js";

describe("group commit on SQLite", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it("commits concurrent writes together, and a failing one rolls back alone", async () => {
    const t = await openTestStore("sqlite");
    cleanup = t.cleanup;
    const jobs = Array.from({ length: 50 }, (_, i) =>
      withTransaction(t.store, async (trx) => {
        await trx.insertInto("secrets").values({ name: `k${i}`, value: "v" }).execute();
        if (i === 17) throw new Error("job 17 fails after writing");
        return i;
      }),
    );
    const settled = await Promise.allSettled(jobs);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(49);
    expect(settled[17]?.status).toBe("rejected");
    const names = (await t.store.db.selectFrom("secrets").select("name").execute()).map((r) => r.name);
    expect(names).toHaveLength(49);
    expect(names).not.toContain("k17");
  });
});
