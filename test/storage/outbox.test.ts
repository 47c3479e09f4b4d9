import { afterEach, describe, expect, it } from "vitest";
import { makeMailSender } from "../../src/mail/mail-sender.js";
import { OutboxWorker, renderedRow } from "../../src/mail/outbox-worker.js";
import { insertMails, makeOutboxStore } from "../../src/storage/outbox-store.js";
import { FakeClock } from "../helpers/clock.js";
import { startSmtpSink } from "../helpers/smtp-sink.js";
import { dialects, openTestStore } from "../helpers/world.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const mail = (i: number) => ({ kind: "verify-email" as const, siteId: 1, to: `r${i}@example.test`, subject: `Message ${i}`, text: `Text ${i}`, html: `<p>Text ${i}</p>` });

async function setUp(dialect: "sqlite" | "postgres", failFirst = 0) {
  const sink = await startSmtpSink({ failFirst });
  const t = await openTestStore(dialect);
  cleanups.push(t.cleanup, sink.close);
  await t.store.db.insertInto("sites").values({ name: "x", allow_anonymous: 1, max_depth: 3, created_at: 0, public_key: "k", secret: "s" }).execute();
  const clock = new FakeClock();
  const outbox = makeOutboxStore(t.store);
  const worker = () => {
    const sender = makeMailSender({ smtpUrl: sink.url, dataDir: "/nonexistent" });
    cleanups.unshift(async () => sender.close());
    return new OutboxWorker({ outbox, sender, render: async (row) => renderedRow(row) ?? { cancel: "x" }, now: () => clock.now(), from: "Test <t@example.test>", hostname: "test.example", onError: () => undefined });
  };
  return { sink, store: t.store, clock, outbox, worker };
}

describe.each(dialects())("the outbox on %s", (dialect) => {
  it("sends each message exactly once when two workers (two nodes) run at the same time", async () => {
    const { sink, store, clock, outbox, worker } = await setUp(dialect);
    await insertMails(store.db, Array.from({ length: 60 }, (_, i) => mail(i)), clock.now());
    const [a, b] = await Promise.all([worker().runOnce(), worker().runOnce()]);
    expect(a + b).toBe(60);
    const received = await sink.waitFor(60);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(60);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(60);
    expect(await outbox.countByStatus()).toEqual({ sent: 60 });
    // Marks written together (coalesced) still mark each message, with its time, bodies dropped.
    expect((await outbox.listRecent(100)).filter((r) => r.sentAt === null || r.text !== null || r.html !== null)).toEqual([]);
  });

  it("retries a refused message with backoff, and one a dead node had taken once its lease ends", async () => {
    const { sink, store, clock, outbox, worker } = await setUp(dialect, 1);
    await insertMails(store.db, [mail(1)], clock.now());
    const w = worker();
    expect(await w.runOnce()).toBe(0);
    const [row] = await outbox.listRecent(1);
    expect(row).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: clock.now() + 30_000 });
    expect(row!.lastError).toMatch(/451/);
    expect(await w.runOnce()).toBe(0); // not yet due
    clock.advance(30_000);
    expect(await w.runOnce()).toBe(1);
    await sink.waitFor(1);

    // A node took a message and died before finishing: after the lease, another sends it.
    await insertMails(store.db, [mail(2)], clock.now());
    expect(await outbox.claimDue(clock.now(), 10, 60_000)).toHaveLength(1);
    expect(await w.runOnce()).toBe(0);
    clock.advance(60_001);
    expect(await w.runOnce()).toBe(1);
    expect((await sink.waitFor(2))[1]!.subject).toBe("Message 2");
  });
});
