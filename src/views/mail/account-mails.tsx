import type { AccountMailTemplates, MailSite, RenderedMail } from "../../domain/mail/mail.js";
import { MailButton, mailHtml, mailText } from "./mail-layout.js";

/** What account mails say, per language (the site's). English is the fallback. */
interface AccountWords {
  readonly hello: (name: string) => string;
  readonly verifySubject: (site: string) => string;
  readonly verifyBody: string;
  readonly verifyButton: string;
  readonly expiresHours: (h: number) => string;
  readonly resetSubject: (site: string) => string;
  readonly resetBody: string;
  readonly resetButton: string;
  readonly expiresMinutes: (m: number) => string;
  readonly existsSubject: (site: string) => string;
  readonly existsBody: string;
  readonly signIn: string;
  readonly reset: string;
  readonly confirmSubject: (site: string) => string;
  readonly confirmBody: (title: string) => string;
  readonly confirmButton: string;
  readonly notYou: string;
  readonly inviteSubject: (site: string) => string;
  readonly inviteBody: (inviter: string, role: string) => string;
  readonly inviteButton: string;
  readonly expiresDays: (d: number) => string;
}

const EN: AccountWords = {
  hello: (name) => `Hello ${name},`,
  verifySubject: (site) => `Confirm your e-mail address for ${site}`,
  verifyBody: "Please confirm that this is your address by opening the link below.",
  verifyButton: "Confirm my address",
  expiresHours: (h) => `The link works once, for ${h} hours.`,
  resetSubject: (site) => `Reset your password for ${site}`,
  resetBody: "Someone (we hope you) asked to reset the password of your account. Choose a new one here:",
  resetButton: "Choose a new password",
  expiresMinutes: (m) => `The link works once, for ${m} minutes.`,
  existsSubject: (site) => `Someone tried to sign up to ${site} with your address`,
  existsBody: "Someone tried to create an account with this address, which already has one. If it was you, sign in, or reset your password if you have forgotten it.",
  signIn: "Sign in",
  reset: "Reset my password",
  confirmSubject: (site) => `Confirm your reply notifications from ${site}`,
  confirmBody: (title) => `Please confirm that you want an e-mail when someone replies to you in the discussion of “${title}”.`,
  confirmButton: "Yes, notify me",
  notYou: "If you did not ask for this, ignore this message: nothing happens without the link.",
  inviteSubject: (site) => `You are invited to ${site}`,
  inviteBody: (inviter, role) => `${inviter} made you an account (${role}). Choose your password to start:`,
  inviteButton: "Choose my password",
  expiresDays: (d) => `The link works once, for ${d} days.`,
};

const ZH: AccountWords = {
  hello: (name) => `${name}，您好：`,
  verifySubject: (site) => `请确认您在 ${site} 的电子邮件地址`,
  verifyBody: "请打开下面的链接，确认这是您的地址。",
  verifyButton: "确认我的地址",
  expiresHours: (h) => `此链接只能使用一次，有效期 ${h} 小时。`,
  resetSubject: (site) => `重设您在 ${site} 的密码`,
  resetBody: "有人（希望是您）请求重设您账户的密码。请在此选择新密码：",
  resetButton: "选择新密码",
  expiresMinutes: (m) => `此链接只能使用一次，有效期 ${m} 分钟。`,
  existsSubject: (site) => `有人尝试用您的地址注册 ${site}`,
  existsBody: "有人尝试用这个已有账户的地址注册。如果是您，请直接登录；如果忘记了密码，请重设。",
  signIn: "登录",
  reset: "重设密码",
  confirmSubject: (site) => `请确认 ${site} 的回复通知`,
  confirmBody: (title) => `请确认：当有人在“${title}”的讨论中回复您时，您希望收到电子邮件。`,
  confirmButton: "是的，通知我",
  notYou: "如果这不是您的请求，请忽略此邮件：没有链接，什么也不会发生。",
  inviteSubject: (site) => `您受邀加入 ${site}`,
  inviteBody: (inviter, role) => `${inviter} 为您创建了账户（${role}）。请选择密码开始使用：`,
  inviteButton: "选择我的密码",
  expiresDays: (d) => `此链接只能使用一次，有效期 ${d} 天。`,
};

const AR: AccountWords = {
  hello: (name) => `مرحبًا ${name}،`,
  verifySubject: (site) => `أكّد عنوان بريدك الإلكتروني في ${site}`,
  verifyBody: "يُرجى تأكيد أن هذا عنوانك بفتح الرابط أدناه.",
  verifyButton: "تأكيد عنواني",
  expiresHours: (h) => `يعمل الرابط مرة واحدة، لمدة ${h} ساعة.`,
  resetSubject: (site) => `إعادة تعيين كلمة المرور في ${site}`,
  resetBody: "طلب أحدهم (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حسابك. اختر كلمة جديدة هنا:",
  resetButton: "اختيار كلمة مرور جديدة",
  expiresMinutes: (m) => `يعمل الرابط مرة واحدة، لمدة ${m} دقيقة.`,
  existsSubject: (site) => `حاول أحدهم التسجيل في ${site} بعنوانك`,
  existsBody: "حاول أحدهم إنشاء حساب بهذا العنوان، وله حساب بالفعل. إن كنت أنت، فسجّل الدخول، أو أعد تعيين كلمة المرور إن نسيتها.",
  signIn: "تسجيل الدخول",
  reset: "إعادة تعيين كلمة المرور",
  confirmSubject: (site) => `أكّد إشعارات الردود من ${site}`,
  confirmBody: (title) => `يُرجى تأكيد رغبتك في تلقي بريد عندما يرد عليك أحد في نقاش «${title}».`,
  confirmButton: "نعم، أبلغني",
  notYou: "إن لم تطلب هذا، فتجاهل الرسالة: لا يحدث شيء دون الرابط.",
  inviteSubject: (site) => `أنت مدعو إلى ${site}`,
  inviteBody: (inviter, role) => `أنشأ لك ${inviter} حسابًا (${role}). اختر كلمة المرور لتبدأ:`,
  inviteButton: "اختيار كلمة المرور",
  expiresDays: (d) => `يعمل الرابط مرة واحدة، لمدة ${d} أيام.`,
};

const WORDS: Record<string, AccountWords> = { en: EN, zh: ZH, ar: AR };
export const accountWords = (language: string): AccountWords => WORDS[language] ?? EN;

/** No line breaks in what goes into a subject (a header). */
const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, " ").trim();

function linkMail(site: MailSite, subject: string, lines: { greeting?: string; body: string; button: string; link: string; note: string; footer: string }): RenderedMail {
  return {
    subject: oneLine(subject),
    text: mailText(site, [...(lines.greeting ? [lines.greeting, ""] : []), lines.body, "", lines.link, "", lines.note], lines.footer),
    html: mailHtml(
      site,
      <>
        {lines.greeting ? <p>{lines.greeting}</p> : null}
        <p>{lines.body}</p>
        <MailButton href={lines.link}>{lines.button}</MailButton>
        <p style="font-size: .9em; word-break: break-all">{lines.link}</p>
        <p>{lines.note}</p>
      </>,
      lines.footer,
    ),
  };
}

export const accountMailTemplates: AccountMailTemplates = {
  verifyEmail(site, p) {
    const w = accountWords(site.language);
    return linkMail(site, w.verifySubject(site.name), { greeting: w.hello(p.displayName), body: w.verifyBody, button: w.verifyButton, link: p.link, note: w.expiresHours(p.hours), footer: w.notYou });
  },
  resetPassword(site, p) {
    const w = accountWords(site.language);
    return linkMail(site, w.resetSubject(site.name), { greeting: w.hello(p.displayName), body: w.resetBody, button: w.resetButton, link: p.link, note: w.expiresMinutes(p.minutes), footer: w.notYou });
  },
  invite(site, p) {
    const w = accountWords(site.language);
    return linkMail(site, w.inviteSubject(site.name), { greeting: w.hello(p.displayName), body: w.inviteBody(p.inviter, p.role), button: w.inviteButton, link: p.link, note: w.expiresDays(p.days), footer: w.notYou });
  },
  signUpExists(site, p) {
    const w = accountWords(site.language);
    return {
      subject: oneLine(w.existsSubject(site.name)),
      text: mailText(site, [w.hello(p.displayName), "", w.existsBody, "", `${w.signIn}: ${p.signInLink}`, `${w.reset}: ${p.resetLink}`], w.notYou),
      html: mailHtml(
        site,
        <>
          <p>{w.hello(p.displayName)}</p>
          <p>{w.existsBody}</p>
          <MailButton href={p.signInLink}>{w.signIn}</MailButton>
          <p>
            <a href={p.resetLink}>{w.reset}</a>
          </p>
        </>,
        w.notYou,
      ),
    };
  },
  confirmSubscription(site, p) {
    const w = accountWords(site.language);
    return linkMail(site, w.confirmSubject(site.name), { body: w.confirmBody(p.title), button: w.confirmButton, link: p.link, note: w.expiresHours(p.hours), footer: w.notYou });
  },
};
