import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { PgBus } from "../../src/events/pg-bus.js";
import { openPostgres } from "../../src/storage/db.js";
import { makeNotifier } from "../../src/storage/notify.js";
import { sql } from "kysely";
import { PG_URL } from "../helpers/world.js";

describe.skipIf(!PG_URL)("the event bus on PostgreSQL (LISTEN/NOTIFY)", () => {
  it("delivers an event published on one node to the others, once each, and not back to the publisher twice", async () => {
    const store = openPostgres(PG_URL as string, { max: 2 });
    const schema = `t_${crypto.randomBytes(4).toString("hex")}`;
    const notify = makeNotifier(store);
    const a = new PgBus({ connectionString: PG_URL as string, schema }, notify);
    const b = new PgBus({ connectionString: PG_URL as string, schema }, notify);
    // A node on another site's schema must hear nothing.
    const stranger = new PgBus({ connectionString: PG_URL as string, schema: `${schema}_other` }, notify);
    await Promise.all([a.start(), b.start(), stranger.start()]);
    const got: Record<string, DomainEvent[]> = { a: [], b: [], stranger: [] };
    a.subscribe((e) => got.a!.push(e));
    b.subscribe((e) => got.b!.push(e));
    stranger.subscribe((e) => got.stranger!.push(e));
    try {
      const event: DomainEvent = { type: "comment.created", threadId: 7, commentId: 42 };
      a.publish(event);
      const started = Date.now();
      while (got.b!.length === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100));
      expect(got.a).toEqual([event]);
      expect(got.b).toEqual([event]);
      // A burst leaves in one statement and arrives in the order it was published.
      const burst: DomainEvent[] = Array.from({ length: 20 }, (_, i) => ({ type: "comment.edited", threadId: 7, commentId: i }));
      for (const e of burst) a.publish(e);
      while (got.b!.length < 21 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
      expect(got.b!.slice(1)).toEqual(burst);
      expect(got.stranger).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close(), stranger.close()]);
      await store.close();
    }
  });

  it("reports a gap and hears again after its LISTEN connection is cut", async () => {
    const store = openPostgres(PG_URL as string, { max: 2 });
    const schema = `t_${crypto.randomBytes(4).toString("hex")}`;
    const notify = makeNotifier(store);
    const a = new PgBus({ connectionString: PG_URL as string, schema }, notify);
    const b = new PgBus({ connectionString: PG_URL as string, schema }, notify, () => undefined);
    await Promise.all([a.start(), b.start()]);
    const got: DomainEvent[] = [];
    b.subscribe((e) => got.push(e));
    const until = async (done: () => boolean) => {
      const started = Date.now();
      while (!done() && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      // Both buses listen on the same channel; cut every such connection, as a database restart would.
      const { rows } = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where query = ${`LISTEN ${b.channel}`}`.execute(store.db);
      expect(rows[0]?.n).toBe(2);
      await until(() => got.some((e) => e.type === "events.gap"));
      expect(got.map((e) => e.type)).toContain("events.gap");
      await until(() => b.connected && a.connected);
      a.publish({ type: "comment.edited", threadId: 1, commentId: 2 });
      await until(() => got.some((e) => e.type === "comment.edited"));
      expect(got.map((e) => e.type)).toContain("comment.edited");
    } finally {
      await Promise.all([a.close(), b.close()]);
      await store.close();
    }
  });
});

describe.skipIf(!PG_URL)("large events on PostgreSQL", () => {
  it("delivers views counted on 1,000 threads in one flush, and the comment sent with them, to the other node", async () => {
    const store = openPostgres(PG_URL as string, { max: 2 });
    const schema = `t_${crypto.randomBytes(4).toString("hex")}`;
    const notify = makeNotifier(store);
    const errors: unknown[] = [];
    const a = new PgBus({ connectionString: PG_URL as string, schema }, notify, (e) => errors.push(e));
    const b = new PgBus({ connectionString: PG_URL as string, schema }, notify, (e) => errors.push(e));
    await Promise.all([a.start(), b.start()]);
    const got: DomainEvent[] = [];
    b.subscribe((e) => got.push(e));
    try {
      // Over PostgreSQL's 8,000-byte payload limit several times: one NOTIFY of it would fail the statement.
      const views: DomainEvent = { type: "views.counted", counts: Array.from({ length: 1000 }, (_, i) => [100_000 + i, 1_000_000 + i] as const) };
      expect(JSON.stringify(views).length).toBeGreaterThan(2 * 8000);
      const comment: DomainEvent = { type: "comment.created", threadId: 7, commentId: 42 };
      a.publish(views);
      a.publish(comment);
      await expect.poll(() => got.length, { timeout: 5000 }).toBe(2);
      expect(got).toEqual([views, comment]);
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await store.close();
    }
  });
});
