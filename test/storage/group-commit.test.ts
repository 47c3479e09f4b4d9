import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { withTransaction } from "../../src/storage/db.js";
import { GroupCommit, LogSyncer } from "../../src/storage/group-commit.js";
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

  it("answers a batch only once its log is synced, and leaves the connection at synchronous=FULL", async () => {
    const t = await openTestStore("sqlite");
    cleanup = t.cleanup;
    await withTransaction(t.store, (trx) => trx.insertInto("secrets").values({ name: "a", value: "v" }).execute());
    expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(t.store.db)).rows[0]?.synchronous).toBe(2);
    // A log that cannot be synced: the write is not acknowledged, whatever SQLite did with it.
    const unsyncable = new GroupCommit(t.store.db, 200, new LogSyncer("/nonexistent/broadsheet.sqlite-wal"));
    await expect(unsyncable.run((trx) => trx.insertInto("secrets").values({ name: "b", value: "v" }).execute())).rejects.toThrow(/ENOENT/);
    expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(t.store.db)).rows[0]?.synchronous).toBe(2);
  });
});
