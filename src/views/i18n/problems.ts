import type { ReaderProblem, ReaderText } from "../../domain/shared/errors.js";
import { LANGUAGES } from "../../domain/sites/languages.js";

/**
 * The refusals a reader meets, in each interface language but English (English is the domain
 * error's own message). A missing key is a type error, so a new refusal cannot be left untranslated.
 * Used on the server only: the discussion's script shows the `detail` it is sent, which is already
 * in the language it asked for (Accept-Language), so these texts never reach the browser bundles.
 */
type Params = Readonly<Record<string, string | number>>;
type Catalog = Record<ReaderProblem, (p: Params) => string>;

const num = (lang: string, n: unknown) => new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : lang).format(Number(n));
const utc = (lang: string, at: unknown) =>
  `${new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(Number(at)))} UTC`;

const zh: Catalog = {
  bodyEmpty: () => "请先写点内容再发表。",
  bodyTooLong: (p) => `评论最多 ${num("zh", p.max)} 个字符。`,
  nameTooLong: (p) => `名字最多 ${num("zh", p.max)} 个字符。`,
  websiteTooLong: (p) => `网址最多 ${num("zh", p.max)} 个字符。`,
  websiteNotUrl: () => "网站必须是一个网址，例如 https://example.com。",
  websiteScheme: () => "网站地址必须以 http:// 或 https:// 开头。",
  nameRequired: () => "在本站发表评论需要留下名字。",
  nameReserved: () => "这个名字属于一个账户。请登录后使用，或换一个名字。",
  notifyAddress: () => "请填写接收通知的电子邮箱（不会公开显示）。",
  commentMissing: () => "这条评论不存在。",
  notYourComment: () => "只能修改你在这个浏览器里写的评论。",
  editWindowClosed: () => "评论只能在发表后 15 分钟内修改。",
  alreadyRemoved: () => "这条评论已被删除。",
  parentMissing: () => "你要回复的评论不存在。",
  parentElsewhere: () => "你要回复的评论属于另一个讨论。",
  parentRemoved: () => "你要回复的评论已被删除。",
  discussionMissing: () => "这个讨论不存在。",
  threadClosed: () => "这个讨论已关闭，不能再发表评论。",
  banned: (p) => `${p.until === undefined ? "" : `在 ${utc("zh", p.until)} 之前，`}你不能在这里评论：版主已封禁这个${{ user: "账户", network: "网络", email_domain: "邮箱域名" }[String(p.kind)] ?? "账户"}。`,
  rateLimited: (p) => `操作太频繁了，请在 ${num("zh", p.seconds)} 秒后再试。`,
  reportReason: () => "请选择一个举报理由。",
  reportGone: () => "这条评论已不再显示，无法举报。",
  votesOff: () => "本站没有开启投票。",
  voteValue: () => "投票只能是 1（赞）、-1（踩）或 0（撤回）。",
  likesOnly: () => "本站只能点赞，不能踩。",
  ownVote: () => "不能给自己的评论投票。",
  formExpired: () => "表单已过期。请刷新页面后重试。",
  databaseDown: () => "数据库暂时没有响应。没有保存任何内容，请几秒后重试。",
  numberOutOfRange: () => "请求中的某个数字超出了这里存储的任何内容的范围。",
  valueTooLong: () => "请求中的某个值太长，这里无法保存。",
  internal: (p) => `我们这边出了问题（编号 ${String(p.reference)}）。`,
  fieldUnknown: (p) => `未知字段“${String(p.field)}”。`,
  fieldRequired: (p) => `必须填写“${String(p.field)}”。`,
  fieldInvalid: (p) => `“${String(p.field)}”的值无效。`,
  requestTooLarge: () => "请求内容超过 64 KiB。",
};

/** Arabic seconds: ثانية واحدة، ثانيتان، ٣–١٠ ثوانٍ، ١١+ ثانية. */
function arSeconds(n: number): string {
  const rule = new Intl.PluralRules("ar").select(n);
  if (rule === "one") return "ثانية واحدة";
  if (rule === "two") return "ثانيتين";
  if (rule === "few") return `${num("ar", n)} ثوانٍ`;
  return `${num("ar", n)} ثانية`;
}

const ar: Catalog = {
  bodyEmpty: () => "اكتب شيئًا قبل النشر.",
  bodyTooLong: (p) => `لا يتجاوز التعليق ${num("ar", p.max)} حرف.`,
  nameTooLong: (p) => `لا يتجاوز الاسم ${num("ar", p.max)} حرفًا.`,
  websiteTooLong: (p) => `لا يتجاوز عنوان الموقع ${num("ar", p.max)} حرف.`,
  websiteNotUrl: () => "يجب أن يكون الموقع عنوان ويب مثل https://example.com.",
  websiteScheme: () => "يجب أن يبدأ عنوان الموقع بـ http:// أو https://.",
  nameRequired: () => "يرجى كتابة اسم للتعليق على هذا الموقع.",
  nameReserved: () => "هذا الاسم يخص حسابًا. سجّل الدخول لاستخدامه، أو اختر اسمًا آخر.",
  notifyAddress: () => "اكتب عنوان البريد الإلكتروني لتلقي الإشعارات (لا يُعرض أبدًا).",
  commentMissing: () => "هذا التعليق غير موجود.",
  notYourComment: () => "لا يمكنك تعديل إلا التعليقات التي كتبتها من هذا المتصفح.",
  editWindowClosed: () => "لا يمكن تعديل التعليق إلا خلال 15 دقيقة من نشره.",
  alreadyRemoved: () => "حُذف هذا التعليق.",
  parentMissing: () => "التعليق الذي ترد عليه غير موجود.",
  parentElsewhere: () => "التعليق الذي ترد عليه ينتمي إلى نقاش آخر.",
  parentRemoved: () => "حُذف التعليق الذي ترد عليه.",
  discussionMissing: () => "هذا النقاش غير موجود.",
  threadClosed: () => "أُغلق هذا النقاش أمام التعليقات الجديدة.",
  banned: (p) =>
    `لا يمكنك التعليق هنا${p.until === undefined ? "" : ` حتى ${utc("ar", p.until)}`}: حظر أحد المشرفين ${{ user: "هذا الحساب", network: "هذه الشبكة", email_domain: "نطاق البريد هذا" }[String(p.kind)] ?? "هذا الحساب"}.`,
  rateLimited: (p) => `محاولات كثيرة جدًا. حاول مرة أخرى بعد ${arSeconds(Number(p.seconds))}.`,
  reportReason: () => "اختر سببًا للإبلاغ.",
  reportGone: () => "لم يعد هذا التعليق معروضًا، فلا يمكن الإبلاغ عنه.",
  votesOff: () => "التصويت غير مفعّل على هذا الموقع.",
  voteValue: () => "التصويت 1 (تأييد) أو -1 (رفض) أو 0 (سحب التصويت).",
  likesOnly: () => "يتيح هذا الموقع الإعجاب فقط، لا التصويت بالرفض.",
  ownVote: () => "لا يمكنك التصويت على تعليقك.",
  formExpired: () => "انتهت صلاحية النموذج. أعد تحميل الصفحة وحاول مرة أخرى.",
  databaseDown: () => "قاعدة البيانات لا تستجيب حاليًا. لم يُحفظ شيء؛ حاول مرة أخرى بعد ثوانٍ.",
  numberOutOfRange: () => "أحد الأرقام في هذا الطلب أكبر من أي شيء مخزَّن هنا.",
  valueTooLong: () => "إحدى القيم في هذا الطلب أطول مما يمكن تخزينه هنا.",
  internal: (p) => `حدث خطأ من جهتنا (المرجع ${String(p.reference)}).`,
  fieldUnknown: (p) => `حقل غير معروف: "${String(p.field)}".`,
  fieldRequired: (p) => `الحقل "${String(p.field)}" مطلوب.`,
  fieldInvalid: (p) => `قيمة الحقل "${String(p.field)}" غير صالحة.`,
  requestTooLarge: () => "حجم الطلب أكبر من 64 كيلوبايت.",
};

const CATALOGS: Readonly<Record<string, Catalog>> = { zh, ar };

/** A refusal in the interface language: its translation when it has a key and the language one, else the English message. */
export function problemText(lang: string, text: ReaderText | undefined, english: string): string {
  const say = text && CATALOGS[lang]?.[text.key];
  return say ? say(text.params ?? {}) : english;
}

/**
 * The interface language an Accept-Language header asks for, among ours (RFC 9110 weights; "zh-CN"
 * matches "zh"); English when it names none of them. The discussion's script sends its own.
 */
export function acceptedLanguage(header: string | undefined): string {
  if (!header) return "en";
  let best = "en";
  let bestQ = 0;
  for (const part of header.split(",").slice(0, 20)) {
    const [tag = "", ...rest] = part.trim().split(";");
    const q = Number(/^\s*q=([0-9.]+)\s*$/.exec(rest.join(";"))?.[1] ?? "1");
    const lang = tag.trim().toLowerCase().split("-")[0] ?? "";
    if (LANGUAGES.includes(lang) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}
