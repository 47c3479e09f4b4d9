import { describe, expect, it } from "vitest";
import { watchWords } from "../../../../src/domain/moderation/phases/watch-words.js";
import { parseWatchWords, phraseKey, phraseProblem, watchList, type WatchWord } from "../../../../src/domain/moderation/watch-words.js";
import { screening } from "../fixture.js";

const phrases = (list: WatchWord[], text: string) => watchList(list).find(text).map((w) => w.phrase);

describe("a site's own words and phrases", () => {
  const malay: WatchWord[] = [
    { phrase: "bodoh", action: "hold" },
    { phrase: "anak haram", action: "spam" },
    { phrase: "babi*", action: "hold" },
  ];

  it("Malay: finds the word however it is disguised, and only as a whole word", () => {
    for (const text of ["Kau ni bodoh!", "BODOH betul", "kau b0d0h", "bodohhhh", "bоdоh (Cyrillic o)", "ｂｏｄｏｈ", "b o d o h", "b.o.d.o.h", "bódóh"]) {
      expect(phrases(malay, text), text).toEqual(["bodoh"]);
    }
    // Whole words only, unless the phrase asks for more with *.
    expect(phrases(malay, "jangan memperbodohkan rakyat")).toEqual([]);
    expect(phrases(malay, "dasar babinya")).toEqual(["babi*"]);
    expect(phrases(malay, "anak itu bukan haram")).toEqual([]);
    expect(phrases(malay, "dia anak  haram")).toEqual(["anak haram"]);
    expect(phrases(malay, "Saya setuju dengan cadangan pelabuhan itu.")).toEqual([]);
  });

  it("Chinese: matches anywhere (no spaces between words), through spaces, punctuation and full-width forms", () => {
    const chinese: WatchWord[] = [{ phrase: "笨蛋", action: "hold" }, { phrase: "去死", action: "spam" }];
    expect(phrases(chinese, "你这个笨蛋，真是")).toEqual(["笨蛋"]);
    expect(phrases(chinese, "你这个笨 蛋")).toEqual(["笨蛋"]);
    expect(phrases(chinese, "笨.蛋")).toEqual(["笨蛋"]);
    // Spam comes first, whatever the list's order.
    expect(phrases(chinese, "笨蛋，去死吧")).toEqual(["去死", "笨蛋"]);
    expect(phrases(chinese, "塞翁失马，焉知非福")).toEqual([]);
  });

  it("Arabic: finds the word through vowel marks, tatweel, alef and teh marbuta forms", () => {
    const arabic: WatchWord[] = [{ phrase: "حمار", action: "hold" }, { phrase: "غبية", action: "spam" }];
    expect(phrases(arabic, "انت حمار")).toEqual(["حمار"]);
    expect(phrases(arabic, "انت حِمَار")).toEqual(["حمار"]);
    expect(phrases(arabic, "انت حمـــــار")).toEqual(["حمار"]);
    expect(phrases(arabic, "انت حمأر")).toEqual(["حمار"]);
    expect(phrases(arabic, "هي غبيه")).toEqual(["غبية"]);
    expect(phrases(arabic, "الحمارة")).toEqual([]);
    expect(phrases(arabic, "شكرا على المقال")).toEqual([]);
  });

  it("names a phrase that cannot be watched for, and treats folded twins as one phrase", () => {
    expect(phraseProblem("")).toMatch(/Write/);
    expect(phraseProblem("***")).toMatch(/letter/);
    expect(phraseProblem("a")).toMatch(/two letters/);
    expect(phraseProblem("死")).toBeNull();
    expect(phraseProblem("x".repeat(101))).toMatch(/100/);
    expect(phraseKey("BODOH")).toBe(phraseKey("bodoh"));
    expect(phraseKey("bodoh*")).not.toBe(phraseKey("bodoh"));
    expect(parseWatchWords([{ phrase: "ok", action: "hold" }, { phrase: "", action: "hold" }, { phrase: "x y", action: "delete" }, "nonsense"])).toEqual([{ phrase: "ok", action: "hold" }]);
  });

  it("holds or files as spam as each phrase says; nothing to do for an empty list", () => {
    const words: WatchWord[] = [{ phrase: "bodoh", action: "hold" }, { phrase: "笨蛋", action: "spam" }];
    expect(watchWords.decide(screening({ body: "kau bodoh", settings: { words } }))).toEqual({ action: "hold", reason: "contains “bodoh”" });
    expect(watchWords.decide(screening({ body: "kau bodoh, 笨蛋", settings: { words } }))).toEqual({ action: "reject", reason: "contains “笨蛋”, “bodoh”" });
    expect(watchWords.decide(screening({ body: "kau bodoh" }))).toEqual({ action: "accept" });
  });
});
