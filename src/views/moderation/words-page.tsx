import type { WatchWord } from "../../domain/moderation/watch-words.js";
import { PageHead } from "./page-head.js";
import { SiteTabs } from "../site-tabs.js";

export interface WordsPageProps {
  readonly words: readonly WatchWord[];
  readonly csrfToken: string;
  readonly sites: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly siteId: number;
  readonly notice?: string | undefined;
  readonly error?: { message: string; field?: string | undefined } | undefined;
  readonly values?: { phrase?: string; action?: string } | undefined;
}

const ACTION_LABEL: Record<WatchWord["action"], string> = { hold: "Hold for review", spam: "File as spam" };

/** A site's own words and phrases, in any language, with a form to add one and a button to remove each. */
export function WordsPage(p: WordsPageProps) {
  const action = `/moderation/words?site=${p.siteId}`;
  return (
    <div class="moderation">
      <PageHead title="Words and phrases" notice={p.notice} error={p.error?.message} errorId="words-error" />
      <SiteTabs sites={p.sites} current={p.siteId} href={(id) => `/moderation/words?site=${id}`} />
      <p class="hint">
        Beside the built-in English profanity list, comments on this site are checked for these, in any language or script. Capitals, accents, look-alike letters
        (Cyrillic о for o), digits for letters (b0d0h) and repeated letters do not get past them. A phrase matches whole words; put <code>*</code> at its end or start
        to match the beginning or end of longer words (<code>bodoh*</code>). Phrases in Chinese, Japanese or Thai match anywhere in the text.
      </p>
      <form method="post" action={action} class="ban-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="word-phrase">Word or phrase</label>
        <input
          id="word-phrase"
          name="phrase"
          maxLength={100}
          required
          value={p.values?.phrase ?? ""}
          aria-invalid={p.error?.field === "phrase" ? true : undefined}
          aria-describedby={p.error?.field === "phrase" ? "words-error" : undefined}
        />
        <label for="word-action">What it does</label>
        <select id="word-action" name="action">
          {(["hold", "spam"] as const).map((a) => (
            <option value={a} selected={(p.values?.action ?? "hold") === a}>{ACTION_LABEL[a]}</option>
          ))}
        </select>
        <button type="submit">Add</button>
      </form>
      {p.words.length === 0 ? (
        <p>No words or phrases of this site's own yet.</p>
      ) : (
        <ul class="word-list">
          {p.words.map((w) => (
            <li>
              <span class="word" dir="auto">{w.phrase}</span> · {ACTION_LABEL[w.action]}{" "}
              <form method="post" action={`/moderation/words/remove?site=${p.siteId}`} class="inline">
                <input type="hidden" name="_csrf" value={p.csrfToken} />
                <input type="hidden" name="phrase" value={w.phrase} />
                <button type="submit" class="secondary" aria-label={`Remove ${w.phrase}`}>Remove</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
