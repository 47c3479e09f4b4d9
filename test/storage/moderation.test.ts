import { afterEach, describe, expect, it } from "vitest";
import { editComment } from "../../src/domain/comments/edit-comment.js";
import { postComment } from "../../src/domain/comments/post-comment.js";
import { banCommentAuthor, banEmailDomain, liftBan } from "../../src/domain/moderation/impose-ban.js";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { reportComment } from "../../src/domain/moderation/report-comment.js";
import { settingsVersion, updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { addWatchWord } from "../../src/domain/moderation/manage-watch-words.js";
import type { DomainError } from "../../src/domain/shared/errors.js";
import { banCoversSite, isBanActive } from "../../src/domain/moderation/ban.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    return err as DomainError;
  }
  throw new Error("expected a refusal");
}

describe.each(dialects())("moderation on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  async function setup() {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const admin = await world.makeUser("admin");
    const moderator = await world.makeUser("moderator");
    return { post, admin, moderator, deps: world.deps };
  }

  it("holds a link dump from a newcomer with its reasons, and lets a regular's links through", async () => {
    const { post, deps } = await setup();
    const dump = await world.makeComment(post, { body: "Deals: https://pills.example/a https://pills.example/b", clientAddress: "203.0.113.9" });
    expect(dump.comment.status).toBe("pending");
    const [item] = await deps.moderation.listQueue("pending", { limit: 10 });
    expect(item?.screening).toEqual(["links: 2 links (pills.example) from a commenter without an approved comment"]);
    expect(item?.history).toMatchObject({ total: 1, approved: 0, rejected: 0 });

    await world.makeComment(post, { body: "First, no links.", clientAddress: "203.0.113.10" });
    const regular = await world.makeComment(post, { body: "Sources: https://a.example https://b.example", clientAddress: "203.0.113.10" });
    expect(regular.comment.status).toBe("published");
  });

  it("approves a held comment once: counts, audit log and reports change together; a second approval is refused", async () => {
    const { post, moderator, deps } = await setup();
    await updateModerationSettings(deps, { actor: await world.makeUser("admin"), siteId: 1, changes: { commentMode: "moderated" } });
    const held = await world.makeComment(post, { body: "Please let this through." });
    expect(held.comment.status).toBe("pending");
    expect((await deps.threads.findThread(post.threadId))?.commentCount).toBe(0);

    const approved = await moderateComment(deps, { actor: moderator, commentId: held.comment.id, threadId: post.threadId, action: "approve", reason: "fine" });
    expect(approved.status).toBe("published");
    expect((await deps.threads.findThread(post.threadId))?.commentCount).toBe(1);
    const [entry] = await deps.moderation.listLog({ limit: 1 });
    expect(entry).toMatchObject({ actorId: moderator.id, actorName: moderator.displayName, action: "approve", commentId: held.comment.id, detail: "pending → published", reason: "fine" });

    const again = await refusal(moderateComment(deps, { actor: moderator, commentId: held.comment.id, threadId: post.threadId, action: "approve" }));
    expect(again.code).toBe("conflict");
  });

  it("refuses, changing nothing: another thread's comment, approving a removed one, acting without the role", async () => {
    const { post, moderator, deps } = await setup();
    const other = await world.makePost();
    const c = await world.makeComment(post, { body: "Plain words." });
    const before = await deps.moderation.listLog({ limit: 10 });

    const wrong = await refusal(moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: other.threadId, action: "remove" }));
    expect([wrong.code, wrong.field]).toEqual(["comment_in_other_thread", "threadId"]);

    await moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "remove", reason: "off-topic" });
    const approveRemoved = await refusal(moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "approve" }));
    expect(approveRemoved.code).toBe("comment_removed");

    const commenter = await world.makeUser("commenter");
    const notAllowed = await refusal(moderateComment(deps, { actor: commenter, commentId: c.comment.id, threadId: post.threadId, action: "restore" }));
    expect(notAllowed.code).toBe("forbidden");

    expect((await deps.comments.findComment(c.comment.id))?.status).toBe("removed_by_moderator");
    expect((await deps.moderation.listLog({ limit: 10 })).length).toBe(before.length + 1);
  });

  it("lets exactly one of two racing decisions apply", async () => {
    const { post, moderator, deps } = await setup();
    const c = await world.makeComment(post, { body: "Contested." });
    const results = await Promise.allSettled([
      moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "spam" }),
      moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "remove" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await deps.moderation.listLog({ limit: 10 })).filter((e) => e.commentId === c.comment.id)).toHaveLength(1);
  });

  it("trains the spam model on decisions and moves a comment between classes when a moderator changes their mind", async () => {
    const { post, moderator, deps } = await setup();
    const c = await world.makeComment(post, { body: "zyzzyva offer today" });
    await moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "spam" });
    let model = await deps.moderation.spamModel(["zyzzyva"]);
    expect(model.counts.get("zyzzyva")).toEqual({ spam: 1, ham: 0 });
    expect(model.totals).toEqual({ spamDocs: 1, hamDocs: 0 });
    await moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "restore", reason: "not spam after all" });
    model = await deps.moderation.spamModel(["zyzzyva"]);
    expect(model.counts.get("zyzzyva")).toEqual({ spam: 0, ham: 1 });
    expect(model.totals).toEqual({ spamDocs: 0, hamDocs: 1 });
  });

  it("hides a comment once three distinct readers report it; a reader's second report does not count", async () => {
    const { post, deps } = await setup();
    const c = await world.makeComment(post, { body: "Something readers dislike." });
    const reader = (n: number) => ({ networkHash: `reader-${n}` });
    expect((await reportComment(deps, { commentId: c.comment.id, reason: "abuse", reporter: reader(1) })).hidden).toBe(false);
    expect((await reportComment(deps, { commentId: c.comment.id, reason: "spam", reporter: reader(1) })).hidden).toBe(false);
    expect((await reportComment(deps, { commentId: c.comment.id, reason: "abuse", reporter: reader(2) })).hidden).toBe(false);
    expect(await deps.moderation.countOpenReports(c.comment.id)).toBe(2);
    const third = await reportComment(deps, { commentId: c.comment.id, reason: "off_topic", reporter: { userId: 99 } });
    expect(third.hidden).toBe(true);
    expect((await deps.comments.findComment(c.comment.id))?.status).toBe("pending");
    const [item] = await deps.moderation.listQueue("reported", { limit: 5 });
    expect(item?.reports).toEqual({ abuse: 2, off_topic: 1 });
  });

  it("refuses reports on removed comments and unknown reasons, storing nothing", async () => {
    const { post, moderator, deps } = await setup();
    const c = await world.makeComment(post, { body: "Soon gone." });
    const badReason = await refusal(reportComment(deps, { commentId: c.comment.id, reason: "boring", reporter: { networkHash: "r" } }));
    expect([badReason.code, badReason.field]).toEqual(["invalid_input", "reason"]);
    await moderateComment(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, action: "remove" });
    const removed = await refusal(reportComment(deps, { commentId: c.comment.id, reason: "spam", reporter: { networkHash: "r" } }));
    expect(removed.code).toBe("comment_removed");
    expect(await deps.moderation.countOpenReports(c.comment.id)).toBe(0);
  });

  it("bans a guest's network at once, for as long as chosen, and lifts it", async () => {
    const { post, moderator, deps } = await setup();
    const c = await world.makeComment(post, { body: "Trouble.", clientAddress: "2001:db8:5:6::1" });
    const ban = await banCommentAuthor(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, duration: "1d", reason: "abuse" });
    expect(ban.kind).toBe("network");
    // Another address in the same IPv6 /64 is the same network.
    const refused = await refusal(world.makeComment(post, { body: "Back again.", clientAddress: "2001:db8:5:6:ffff::2" }));
    expect(refused.code).toBe("banned");
    expect((await world.makeComment(post, { body: "A neighbour.", clientAddress: "2001:db8:5:7::1" })).comment.status).toBe("published");
    world.clock.advance(86_400_001);
    expect((await world.makeComment(post, { body: "After the ban.", clientAddress: "2001:db8:5:6::1" })).comment.status).toBe("published");

    const permanent = await banCommentAuthor(deps, { actor: moderator, commentId: c.comment.id, threadId: post.threadId, duration: "permanent" });
    await liftBan(deps, { actor: moderator, banId: permanent.id });
    expect((await world.makeComment(post, { body: "Lifted.", clientAddress: "2001:db8:5:6::1" })).comment.status).toBe("published");
    expect((await deps.moderation.listLog({ limit: 10 })).map((e) => e.action).slice(0, 3)).toEqual(["lift_ban", "ban", "ban"]);
  });

  it("refuses to ban oneself or the last admin, and bans accounts by e-mail domain", async () => {
    const { post, admin, moderator, deps } = await setup();
    const mine = await postComment(deps, { threadId: post.threadId, body: "Staff note.", clientAddress: "192.0.2.50", account: { userId: moderator.id, displayName: moderator.displayName, role: "moderator", email: moderator.email } });
    const self = await refusal(banCommentAuthor(deps, { actor: moderator, commentId: mine.comment.id, threadId: post.threadId, duration: "1d" }));
    expect([self.code, self.message]).toEqual(["forbidden", "You cannot ban yourself."]);
    const adminSays = await postComment(deps, { threadId: post.threadId, body: "Admin note.", clientAddress: "192.0.2.51", account: { userId: admin.id, displayName: admin.displayName, role: "admin", email: admin.email } });
    const last = await refusal(banCommentAuthor(deps, { actor: moderator, commentId: adminSays.comment.id, threadId: post.threadId, duration: "permanent" }));
    expect(last.message).toBe("The last admin cannot be banned.");
    expect(await deps.moderation.listBans(world.clock.now())).toEqual([]);

    await banEmailDomain(deps, { actor: moderator, domain: "spam.example", duration: "permanent" });
    const spammer = await world.makeUser("commenter", "bob@mail.spam.example");
    const refused = await refusal(postComment(deps, { threadId: post.threadId, body: "Hi", clientAddress: "192.0.2.52", account: { userId: spammer.id, displayName: "Bob", role: "commenter", email: spammer.email } }));
    expect(refused.code).toBe("banned");
  });

  it("holds the same text from the same author within the window, found by fingerprint", async () => {
    const { post } = await setup();
    expect((await world.makeComment(post, { body: "Buy cheap watches!", clientAddress: "198.51.100.200" })).comment.status).toBe("published");
    expect((await world.makeComment(post, { body: "buy CHEAP watches", clientAddress: "198.51.100.200" })).comment.status).toBe("pending");
    expect((await world.makeComment(post, { body: "Buy cheap watches!", clientAddress: "198.51.100.201" })).comment.status).toBe("published");
    world.clock.advance(61 * 60_000);
    expect((await world.makeComment(post, { body: "Buy cheap watches!", clientAddress: "198.51.100.200" })).comment.status).toBe("published");
  });

  it("stores a honeypot catch as spam, never published", async () => {
    const { post, deps } = await setup();
    const bot = await postComment(deps, { threadId: post.threadId, body: "Nice post", honeypot: "http://bot.example", clientAddress: "192.0.2.60" });
    expect(bot.comment.status).toBe("spam");
    expect((await deps.threads.findThread(post.threadId))?.commentCount).toBe(0);
  });

  it("closes discussions after the site's auto-close age", async () => {
    const { post, deps, admin } = await setup();
    await updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { autoCloseDays: 2 } });
    expect((await world.makeComment(post, { body: "In time." })).comment.status).toBe("published");
    world.clock.advance(2 * 86_400_000);
    expect((await refusal(world.makeComment(post, { body: "Too late." }))).code).toBe("thread_closed");
  });

  it("keeps a word added while the settings are saved, and refuses a form opened before another admin's save", async () => {
    const { deps, admin } = await setup();
    const moderator = await world.makeUser("moderator");
    // Saving settings and adding words at the same moment, many times: no word is lost to the save.
    for (let i = 0; i < 10; i++) {
      await Promise.all([
        updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { holdLinksFromNewAt: 2 + (i % 3) } }),
        addWatchWord(deps, { actor: moderator, siteId: 1, phrase: `word${i}`, action: "hold" }),
      ]);
    }
    expect((await deps.sites.getSite(1)).moderation.words.map((w) => w.phrase).sort()).toEqual([...Array(10).keys()].map((i) => `word${i}`).sort());

    // Two admins open the form; the first saves; the second's save, based on what they saw, is refused.
    const seen = settingsVersion((await deps.sites.getSite(1)).moderation);
    await updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { reportsToHide: 5 }, basedOn: seen });
    const late = await refusal(updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { reportsToHide: 3, holdLinksFromNewAt: 9 }, basedOn: seen }));
    expect(late.code).toBe("conflict");
    expect((await deps.sites.getSite(1)).moderation).toMatchObject({ reportsToHide: 5 });
    // A word added meanwhile is not the form's business: it does not make the form stale.
    const fresh = settingsVersion((await deps.sites.getSite(1)).moderation);
    await addWatchWord(deps, { actor: moderator, siteId: 1, phrase: "another", action: "hold" });
    await updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { holdLinksFromNewAt: 9 }, basedOn: fresh });
    expect((await deps.sites.getSite(1)).moderation).toMatchObject({ reportsToHide: 5, holdLinksFromNewAt: 9 });
  });

  it("names a bad setting and keeps the old ones", async () => {
    const { deps, admin } = await setup();
    const err = await refusal(updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { reportsToHide: 0 } }));
    expect([err.code, err.field]).toEqual(["invalid_input", "reportsToHide"]);
    expect((await deps.sites.getSite(1)).moderation.reportsToHide).toBe(3);
  });
  it("holds one rule for a ban in force, the domain's, in every query of bans (list, screening facts)", async () => {
    const { deps, admin } = await setup();
    const now = world.clock.now();
    const hour = 3_600_000;
    const cases = [
      { value: "permanent", expiresAt: null, lift: false },
      { value: "future", expiresAt: now + hour, lift: false },
      { value: "expired", expiresAt: now - 1, lift: false },
      { value: "at-now", expiresAt: now, lift: false },
      { value: "lifted", expiresAt: null, lift: true },
      { value: "site-two", expiresAt: null, lift: false, siteId: 2 },
      { value: "site-one", expiresAt: now + hour, lift: false, siteId: 1 },
    ];
    for (const c of cases) {
      const ban = await deps.moderation.insertBan({ kind: "email_domain", value: `${c.value}.example`, reason: "", createdBy: admin.id, createdAt: now - hour, expiresAt: c.expiresAt, siteId: c.siteId ?? null });
      if (c.lift) await deps.moderation.liftBan(ban.id, admin.id, now - 1);
    }
    // The domain's rules (isBanActive, banCoversSite) decide what the SQL must find, on each site.
    const all = await world.store.db.selectFrom("bans").selectAll().execute();
    const inForce = all.filter((r) => isBanActive({ expiresAt: r.expires_at === null ? null : Number(r.expires_at), liftedAt: r.lifted_at === null ? null : Number(r.lifted_at) }, now));
    const on = (site: number) => inForce.filter((r) => banCoversSite({ siteId: r.site_id === null ? null : Number(r.site_id) }, site)).map((r) => r.value).sort();
    expect(inForce.map((r) => r.value).sort()).toEqual(["future.example", "permanent.example", "site-one.example", "site-two.example"]);
    expect(on(1)).toEqual(["future.example", "permanent.example", "site-one.example"]);
    expect(on(2)).toEqual(["future.example", "permanent.example", "site-two.example"]);
    expect((await deps.moderation.listBans(now)).map((b) => b.value).sort()).toEqual(inForce.map((r) => r.value).sort());
    for (const site of [1, 2, 3]) {
      expect((await deps.moderation.listBans(now, site)).map((b) => b.value).sort(), `site ${site}`).toEqual(on(site));
      for (const c of cases) {
        const facts = await deps.moderation.screeningFacts({ author: { networkHash: "n" }, banTargets: { siteId: site, emailDomain: `${c.value}.example` }, now });
        expect(facts.bans.map((b) => b.value), `${c.value} on site ${site}`).toEqual(on(site).includes(`${c.value}.example`) ? [`${c.value}.example`] : []);
      }
    }
  });
});

describe.each(dialects())("edits on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  it("screens an edit like a new comment: a harmless comment edited into a link dump goes back to the queue", async () => {
    world = await makeWorld({ dialect });
    const post = await world.makePost();
    const posted = await world.makeComment(post, { body: "Harmless words.", clientAddress: "203.0.113.40" });
    expect(posted.comment.status).toBe("published");
    const edited = await editComment(world.deps, {
      commentId: posted.comment.id,
      editToken: posted.editToken,
      body: "Now: https://pills.example/1 https://pills.example/2",
      clientAddress: "203.0.113.40",
    });
    // The comment being edited does not vouch for itself: its author has no other published comment.
    expect(edited.status).toBe("pending");
    const fresh = await world.makeComment(post, { body: "Second, harmless.", clientAddress: "203.0.113.41" });
    const dumped = await editComment(world.deps, { commentId: fresh.comment.id, editToken: fresh.editToken, body: "fuck this", clientAddress: "203.0.113.41" });
    expect(dumped.status).toBe("pending");
    expect((await world.deps.threads.findThread(post.threadId))?.commentCount).toBe(0);
    const [item] = await world.deps.moderation.listQueue("pending", { limit: 1 });
    expect(item?.screening).toEqual(["profanity: contains f**k"]);
    // A clean edit keeps the comment as it was, and its own earlier text is no duplicate of it.
    const third = await world.makeComment(post, { body: "Third comment, fine.", clientAddress: "203.0.113.42" });
    const same = await editComment(world.deps, { commentId: third.comment.id, editToken: third.editToken, body: "Third comment, fine!", clientAddress: "203.0.113.42" });
    expect(same.status).toBe("published");
  });
});
