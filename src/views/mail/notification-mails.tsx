import { anchorOf } from "../../domain/comments/comment.js";
import type { MailSite, RenderedMail } from "../../domain/mail/mail.js";
import type { NotificationContext } from "../../storage/notification-context.js";
import { MailButton, mailHtml, mailText } from "./mail-layout.js";

interface NotificationWords {
  readonly replySubject: (title: string) => string;
  readonly commentSubject: (title: string) => string;
  readonly replied: (who: string, number: string) => string;
  readonly commented: (who: string, number: string) => string;
  readonly anonymous: string;
  readonly read: string;
  readonly why: string;
  readonly stop: string;
  readonly stopAll: string;
  readonly digestSubject: (n: number) => string;
  readonly digestWhy: string;
  readonly on: (title: string) => string;
  readonly digestInstead: string;
  readonly eachInstead: string;
}

const WORDS: Record<string, NotificationWords> = {
  en: {
    replySubject: (t) => `New reply to your comment on “${t}”`,
    commentSubject: (t) => `New comment on “${t}”`,
    replied: (who, n) => `${who} replied (#${n}):`,
    commented: (who, n) => `${who} commented (#${n}):`,
    anonymous: "Anonymous",
    read: "Read it in the discussion",
    why: "You asked to be told of new replies here.",
    stop: "Stop these e-mails",
    stopAll: "Stop every e-mail of this kind",
    digestSubject: (n) => `${n} new comment${n === 1 ? "" : "s"} in the discussions you follow`,
    digestWhy: "You asked for one e-mail a day instead of one for each comment.",
    on: (t) => `On “${t}”`,
    digestInstead: "One e-mail a day instead",
    eachInstead: "One e-mail for each comment here instead",
  },
  zh: {
    replySubject: (t) => `您在“${t}”的评论有了新回复`,
    commentSubject: (t) => `“${t}”有了新评论`,
    replied: (who, n) => `${who} 回复了（#${n}）：`,
    commented: (who, n) => `${who} 发表了评论（#${n}）：`,
    anonymous: "匿名",
    read: "在讨论中阅读",
    why: "您曾要求在这里有新回复时通知您。",
    stop: "不再接收这些邮件",
    stopAll: "不再接收此类邮件",
    digestSubject: (n) => `您关注的讨论有 ${n} 条新评论`,
    digestWhy: "您选择了每天一封摘要邮件，而不是每条评论一封。",
    on: (t) => `关于“${t}”`,
    digestInstead: "改为每天一封邮件",
    eachInstead: "改为每条评论一封邮件",
  },
  ar: {
    replySubject: (t) => `رد جديد على تعليقك في «${t}»`,
    commentSubject: (t) => `تعليق جديد على «${t}»`,
    replied: (who, n) => `ردّ ${who} (#${n}):`,
    commented: (who, n) => `علّق ${who} (#${n}):`,
    anonymous: "مجهول",
    read: "اقرأه في النقاش",
    why: "طلبت أن نُعلمك بالردود الجديدة هنا.",
    stop: "أوقف هذه الرسائل",
    stopAll: "أوقف كل رسائل هذا النوع",
    digestSubject: (n) => `${n} تعليقات جديدة في النقاشات التي تتابعها`,
    digestWhy: "اخترت رسالة واحدة في اليوم بدلاً من رسالة لكل تعليق.",
    on: (t) => `في «${t}»`,
    digestInstead: "رسالة واحدة في اليوم بدلاً من ذلك",
    eachInstead: "رسالة لكل تعليق هنا بدلاً من ذلك",
  },
};

const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, " ").trim();

/** Where a comment is read: its post's page, or the embedding site's page, at its anchor. */
function linkTo(ctx: NotificationContext, publicUrl: string): string {
  const anchor = anchorOf(ctx.comment.numberPath);
  return ctx.place.kind === "post" ? `${publicUrl}/posts/${encodeURIComponent(ctx.place.slug)}#${anchor}` : `${ctx.place.url}#${anchor}`;
}

/**
 * The day's new comments for one address in one mail, grouped by discussion, each with its number,
 * author, text and link; the unsubscribe links end every subscription of the address.
 */
export function digestMail(
  items: readonly { ctx: NotificationContext; kind: "reply" | "thread-comment" }[],
  p: { publicUrl: string; unsubscribe: string; eachInstead: (subscriptionId: number) => string },
): { mail: RenderedMail; headers: Record<string, string> } {
  const first = items[0]!.ctx;
  const w = WORDS[first.site.language] ?? WORDS.en!;
  const site: MailSite = { name: first.site.name, language: first.site.language, publicUrl: p.publicUrl };
  const places = new Map<string, typeof items>();
  for (const it of items) {
    const key = it.ctx.place.kind === "post" ? `post:${it.ctx.place.slug}` : `page:${it.ctx.place.url}`;
    places.set(key, [...(places.get(key) ?? []), it]);
  }
  const everything = `${p.unsubscribe}&all=1`;
  const text: string[] = [];
  for (const group of places.values()) {
    text.push(oneLine(w.on(group[0]!.ctx.place.title)), "");
    const sub = group[0]!.ctx.subscription;
    for (const { ctx, kind } of group) {
      const who = ctx.comment.authorName ?? w.anonymous;
      const number = ctx.comment.numberPath.join(".");
      text.push(kind === "reply" ? w.replied(who, number) : w.commented(who, number), ctx.comment.bodySource, `${w.read}: ${linkTo(ctx, p.publicUrl)}`, "");
    }
    if (sub) text.push(`${w.eachInstead}: ${p.eachInstead(sub.id)}`, "");
  }
  return {
    mail: {
      subject: oneLine(w.digestSubject(items.length)),
      text: mailText(site, text, `${w.digestWhy}\n${w.stopAll}: ${everything}`),
      html: mailHtml(
        site,
        <>
          {[...places.values()].map((group) => (
            <>
              <h2 style="font-size: 1.05em">{oneLine(w.on(group[0]!.ctx.place.title))}</h2>
              {group.map(({ ctx, kind }) => (
                <>
                  <p>{kind === "reply" ? w.replied(ctx.comment.authorName ?? w.anonymous, ctx.comment.numberPath.join(".")) : w.commented(ctx.comment.authorName ?? w.anonymous, ctx.comment.numberPath.join("."))}</p>
                  <blockquote style="border-inline-start: 3px solid #ccc; margin: 0; padding-inline-start: 1em" dir="auto" dangerouslySetInnerHTML={{ __html: ctx.comment.bodyHtml }} />
                  <p>
                    <a href={linkTo(ctx, p.publicUrl)}>{w.read}</a>
                  </p>
                </>
              ))}
              {group[0]!.ctx.subscription ? (
                <p style="font-size: .85em">
                  <a href={p.eachInstead(group[0]!.ctx.subscription.id)}>{w.eachInstead}</a>
                </p>
              ) : null}
            </>
          ))}
        </>,
        <>
          {w.digestWhy} <a href={everything}>{w.stopAll}</a>
        </>,
      ),
    },
    headers: { "List-Unsubscribe": `<${everything}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

/**
 * A reply or a new comment, as mailed to a subscriber: who wrote it, its number, its text (our
 * sanitised HTML; Markdown source in the text part), a link to it in the discussion, and one-click
 * unsubscribe (List-Unsubscribe with List-Unsubscribe-Post, RFC 8058) besides the links in the footer.
 */
export function notificationMail(ctx: NotificationContext, p: { kind: "reply" | "thread-comment"; publicUrl: string; unsubscribe: string; digestInstead?: string | undefined }): { mail: RenderedMail; headers: Record<string, string> } {
  const w = WORDS[ctx.site.language] ?? WORDS.en!;
  const site: MailSite = { name: ctx.site.name, language: ctx.site.language, publicUrl: p.publicUrl };
  const number = ctx.comment.numberPath.join(".");
  const who = ctx.comment.authorName ?? w.anonymous;
  const link = linkTo(ctx, p.publicUrl);
  const line = p.kind === "reply" ? w.replied(who, number) : w.commented(who, number);
  const subject = oneLine(p.kind === "reply" ? w.replySubject(ctx.place.title) : w.commentSubject(ctx.place.title));
  const everything = `${p.unsubscribe}&all=1`;
  return {
    mail: {
      subject,
      text: mailText(site, [line, "", ctx.comment.bodySource, "", `${w.read}: ${link}`], `${w.why}\n${w.stop}: ${p.unsubscribe}\n${w.stopAll}: ${everything}${p.digestInstead ? `\n${w.digestInstead}: ${p.digestInstead}` : ""}`),
      html: mailHtml(
        site,
        <>
          <p>{line}</p>
          <blockquote style="border-inline-start: 3px solid #ccc; margin: 0; padding-inline-start: 1em" dir="auto" dangerouslySetInnerHTML={{ __html: ctx.comment.bodyHtml }} />
          <MailButton href={link}>{w.read}</MailButton>
        </>,
        <>
          {w.why} <a href={p.unsubscribe}>{w.stop}</a> · <a href={everything}>{w.stopAll}</a>
          {p.digestInstead ? (
            <>
              {" "}
              · <a href={p.digestInstead}>{w.digestInstead}</a>
            </>
          ) : null}
        </>,
      ),
    },
    headers: { "List-Unsubscribe": `<${p.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
