import { afterEach, describe, expect, it } from "vitest";
import { linkHostsOf } from "../../src/domain/markup/render-markdown.js";
import { moderateComment } from "../../src/domain/moderation/moderate-comment.js";
import { spamProbability, tokenize } from "../../src/domain/moderation/spam-model.js";
import { updateModerationSettings } from "../../src/domain/moderation/update-settings.js";
import { dialects, makeWorld, type World } from "../helpers/world.js";

/** Deterministic randomness, so the labelled set is the same on every run. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = "the a and to of in is it that this for on with but not just about really think people".split(" ");
const HAM = "harbour council vote plan budget flood wall tide engineers residents ferry report fisheries mayor quay storm levy minutes hearing objection survey reporter article sources".split(" ");
const SPAM = "cheap discount offer bonus casino crypto pills winner earn income guaranteed click deal promo followers loans replica jackpot".split(" ");
// Words both kinds use: the classifier has to weigh them, not just spot them.
const SHARED = "free today great news price check best new now money".split(" ");
const HAM_HOSTS = ["ledger-news.example", "gov.example", "harbourtrust.example"];
const SPAM_HOSTS = ["cheap-pills.example", "win-big.example", "crypto-x.example", "followers.example"];

function labelledComment(rnd: () => number, spam: boolean): string {
  const pick = (xs: string[]) => xs[Math.floor(rnd() * xs.length)]!;
  const words: string[] = [];
  const n = 8 + Math.floor(rnd() * 14);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    // Each comment draws mostly common and shared words; its own class's words are a minority,
    // and one word in ten comes from the other class's vocabulary.
    words.push(r < 0.45 ? pick(COMMON) : r < 0.65 ? pick(SHARED) : r < 0.9 ? pick(spam ? SPAM : HAM) : pick(spam ? HAM : SPAM));
  }
  let text = words.join(" ");
  const links = spam ? (rnd() < 0.75 ? 1 + Math.floor(rnd() * 3) : 0) : rnd() < 0.25 ? 1 : 0;
  for (let i = 0; i < links; i++) text += ` https://${pick(spam ? (rnd() < 0.85 ? SPAM_HOSTS : HAM_HOSTS) : HAM_HOSTS)}/p${i}`;
  return text;
}

describe.each(dialects())("the spam classifier on %s", (dialect) => {
  let world: World;
  afterEach(async () => world?.cleanup());

  it("learns from moderators' decisions and separates held-out spam from ham far better than chance", async () => {
    world = await makeWorld({ dialect });
    const { deps } = world;
    const admin = await world.makeUser("admin");
    const moderator = await world.makeUser("moderator");
    // Every comment waits for a moderator, so every one is a decision the model learns from.
    await updateModerationSettings(deps, { actor: admin, siteId: 1, changes: { commentMode: "moderated", spamHoldAt: 1, spamRejectAt: 1, holdLinksFromNewAt: 100, duplicateWindowMinutes: 0 } });
    const post = await world.makePost();
    const rnd = mulberry32(20261128);

    for (let i = 0; i < 200; i++) {
      const spam = i % 2 === 0;
      const { comment } = await world.makeComment(post, { body: labelledComment(rnd, spam), clientAddress: `10.0.${i >> 8}.${i & 255}` });
      await moderateComment(deps, { actor: moderator, commentId: comment.id, threadId: post.threadId, action: spam ? "spam" : "approve" });
    }

    const scored: Array<{ spam: boolean; p: number }> = [];
    for (let i = 0; i < 200; i++) {
      const spam = i % 2 === 0;
      const body = labelledComment(rnd, spam);
      const tokens = tokenize(body, linkHostsOf(body));
      const model = await deps.moderation.spamModel(tokens);
      scored.push({ spam, p: spamProbability(tokens, model.counts, model.totals) ?? 0.5 });
    }
    const accuracy = scored.filter((s) => (s.p >= 0.5) === s.spam).length / scored.length;
    // AUC: the chance that a random spam scores above a random ham (0.5 is a coin).
    const spamP = scored.filter((s) => s.spam).map((s) => s.p);
    const hamP = scored.filter((s) => !s.spam).map((s) => s.p);
    let wins = 0;
    for (const s of spamP) for (const h of hamP) wins += s > h ? 1 : s === h ? 0.5 : 0;
    const auc = wins / (spamP.length * hamP.length);

    // Measured once on this fixed, deliberately noisy set (seed 20261128, 100 + 100 decisions):
    // accuracy 0.87 (88 of 100 spam caught, 14 of 100 ham flagged) and AUC 0.935, the same on both
    // dialects. Chance is 0.5 for both. The thresholds leave a few points for changes in tokenising
    // but not for a broken model: counting URL words twice measured 0.76 / 0.90, and a model that
    // learnt the classes the wrong way round scores an AUC near 0.07.
    expect(accuracy).toBeGreaterThanOrEqual(0.82);
    expect(auc).toBeGreaterThanOrEqual(0.9);
  });
});
