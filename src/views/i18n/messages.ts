/**
 * Everything a reader of a discussion reads, per interface language (a site's `language`, or the
 * widget's `data-lang`). Plurals follow each language's own rules (Intl.PluralRules: Arabic has six
 * forms, Chinese one); relative times come from Intl.RelativeTimeFormat. A comment's own text is
 * never translated and keeps its own direction (dir="auto").
 */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Messages {
  readonly lang: string;
  readonly dir: "ltr" | "rtl";
  readonly comments: string;
  readonly noComments: string;
  readonly leaveComment: string;
  readonly closed: string;
  readonly reviewed: string;
  readonly commentLabel: (path: string) => string;
  readonly edited: string;
  readonly replyingTo: string;
  readonly removedByAuthor: string;
  readonly removedByModerator: string;
  readonly awaiting: string;
  readonly reply: string;
  readonly report: string;
  readonly replies: string;
  readonly anonymous: string;
  readonly signedInAccount: string;
  readonly body: string;
  readonly markdownHint: string;
  readonly name: string;
  readonly website: string;
  readonly optional: string;
  readonly honeypot: string;
  readonly notifyMe: string;
  readonly follow: string;
  readonly followLabel: string;
  readonly voteUp: string;
  /** The heading over the featured comments, and the mark on each. */
  readonly featured: string;
  readonly featuredMark: string;
  readonly featuredGoTo: string;
  readonly voteDown: string;
  readonly like: string;
  readonly sortBy: string;
  /** A long discussion read in pages: the links between them. */
  readonly laterComments: string;
  readonly firstComments: string;
  readonly discussionPages: string;
  readonly sortOldest: string;
  readonly sortNewest: string;
  readonly sortBest: string;
  readonly sortReplies: string;
  readonly notifyEmail: string;
  readonly post: string;
  readonly totalViews: string;
  readonly credit: string;
  readonly commentsOn: (title: string) => string;
  readonly newComments: Plural;
  readonly replyTo: (path: string) => string;
  readonly cancel: string;
  readonly edit: string;
  readonly remove: string;
  readonly reallyRemove: string;
  readonly save: string;
  readonly editYourComment: string;
  readonly couldNotRemove: string;
  readonly offline: string;
  readonly failed: string;
  readonly justNow: string;
  readonly commentingAs: (name: string) => string;
  readonly signIn: string;
}

const en: Messages = {
  lang: "en",
  dir: "ltr",
  comments: "Comments",
  noComments: "No comments yet. Start the discussion.",
  leaveComment: "Leave a comment",
  closed: "Comments are closed on this post.",
  reviewed: "Comments on this post are reviewed before they appear.",
  commentLabel: (path) => `Comment ${path}`,
  edited: "edited",
  replyingTo: "replying to",
  removedByAuthor: "This comment has been removed by the author.",
  removedByModerator: "This comment has been removed by a moderator.",
  awaiting: "Your comment is awaiting moderation.",
  reply: "Reply",
  report: "Report",
  replies: "Replies",
  anonymous: "Anonymous",
  signedInAccount: "Posted from a signed-in account",
  body: "Comment",
  markdownHint: "You can use *emphasis*, **strong**, [links](https://example.com), > quotes, `code` and lists.",
  name: "Name",
  website: "Website",
  optional: "(optional)",
  honeypot: "Leave this field empty",
  notifyMe: "E-mail me when someone replies",
  follow: "Follow",
  followLabel: "Follow this discussion by e-mail (address never shown; empty when signed in)",
  voteUp: "Vote up",
  featured: "Featured comments",
  featuredMark: "Featured",
  featuredGoTo: "In the discussion",
  voteDown: "Vote down",
  like: "Like",
  sortBy: "Sort:",
  laterComments: "More comments",
  firstComments: "Back to the first comments",
  discussionPages: "Pages of the discussion",
  sortOldest: "oldest",
  sortNewest: "newest",
  sortBest: "best",
  sortReplies: "most replies",
  notifyEmail: "E-mail for notifications (never shown; not needed when signed in)",
  post: "Post comment",
  totalViews: "Total Views:",
  credit: "Comments by Broadsheet",
  commentsOn: (title) => `Comments: ${title}`,
  newComments: { one: "Show {n} new comment", other: "Show {n} new comments" },
  replyTo: (path) => `Reply to #${path}`,
  cancel: "Cancel",
  edit: "Edit",
  remove: "Remove",
  reallyRemove: "Really remove?",
  save: "Save",
  editYourComment: "Edit your comment",
  couldNotRemove: "Could not remove",
  offline: "Could not reach the server. Your text is still here; try again.",
  failed: "Something went wrong. Your text is still here; try again.",
  justNow: "just now",
  commentingAs: (name) => `Commenting as ${name}`,
  signIn: "Sign in to comment with your account",
};

const ar: Messages = {
  lang: "ar",
  dir: "rtl",
  comments: "التعليقات",
  noComments: "لا توجد تعليقات بعد. ابدأ النقاش.",
  leaveComment: "اترك تعليقًا",
  closed: "التعليقات مغلقة على هذا المقال.",
  reviewed: "تُراجَع التعليقات على هذا المقال قبل ظهورها.",
  commentLabel: (path) => `التعليق ${path}`,
  edited: "معدَّل",
  replyingTo: "ردًا على",
  removedByAuthor: "حذف كاتبُ هذا التعليق تعليقَه.",
  removedByModerator: "حذف أحد المشرفين هذا التعليق.",
  awaiting: "تعليقك بانتظار المراجعة.",
  reply: "رد",
  report: "إبلاغ",
  replies: "الردود",
  anonymous: "مجهول",
  signedInAccount: "نُشر من حساب مسجَّل",
  body: "التعليق",
  markdownHint: "يمكنك استخدام *مائل* و**عريض** و[روابط](https://example.com) و> اقتباسات و`شيفرة` وقوائم.",
  name: "الاسم",
  website: "الموقع",
  optional: "(اختياري)",
  honeypot: "اترك هذا الحقل فارغًا",
  notifyMe: "راسلني عندما يرد أحد",
  follow: "متابعة",
  followLabel: "تابع النقاش بالبريد (لا يُعرض العنوان؛ فارغ عند تسجيل الدخول)",
  voteUp: "تصويت إيجابي",
  featured: "تعليقات مختارة",
  featuredMark: "مختار",
  featuredGoTo: "في النقاش",
  voteDown: "تصويت سلبي",
  like: "إعجاب",
  sortBy: "الترتيب:",
  laterComments: "مزيد من التعليقات",
  firstComments: "العودة إلى أوائل التعليقات",
  discussionPages: "صفحات النقاش",
  sortOldest: "الأقدم",
  sortNewest: "الأحدث",
  sortBest: "الأفضل",
  sortReplies: "الأكثر ردودًا",
  notifyEmail: "البريد للإشعارات (لا يُعرض أبدًا؛ لا حاجة إليه عند تسجيل الدخول)",
  post: "انشر التعليق",
  totalViews: "إجمالي المشاهدات:",
  credit: "التعليقات من Broadsheet",
  commentsOn: (title) => `التعليقات: ${title}`,
  newComments: {
    zero: "لا تعليقات جديدة",
    one: "اعرض تعليقًا جديدًا واحدًا",
    two: "اعرض تعليقين جديدين",
    few: "اعرض {n} تعليقات جديدة",
    many: "اعرض {n} تعليقًا جديدًا",
    other: "اعرض {n} تعليق جديد",
  },
  replyTo: (path) => `رد على #${path}`,
  cancel: "إلغاء",
  edit: "تعديل",
  remove: "حذف",
  reallyRemove: "تأكيد الحذف؟",
  save: "حفظ",
  editYourComment: "عدّل تعليقك",
  couldNotRemove: "تعذّر الحذف",
  offline: "تعذّر الوصول إلى الخادم. نصك ما زال هنا؛ حاول مرة أخرى.",
  failed: "حدث خطأ ما. نصك ما زال هنا؛ حاول مرة أخرى.",
  justNow: "الآن",
  commentingAs: (name) => `تعلّق باسم ${name}`,
  signIn: "سجّل الدخول لتعلّق بحسابك",
};

const zh: Messages = {
  lang: "zh",
  dir: "ltr",
  comments: "评论",
  noComments: "还没有评论。来发表第一条吧。",
  leaveComment: "发表评论",
  closed: "本文已关闭评论。",
  reviewed: "本文的评论需经审核后显示。",
  commentLabel: (path) => `评论 ${path}`,
  edited: "已编辑",
  replyingTo: "回复",
  removedByAuthor: "此评论已被作者删除。",
  removedByModerator: "此评论已被管理员删除。",
  awaiting: "你的评论正在等待审核。",
  reply: "回复",
  report: "举报",
  replies: "回复",
  anonymous: "匿名",
  signedInAccount: "来自已登录的账户",
  body: "评论",
  markdownHint: "可以使用 *强调*、**加粗**、[链接](https://example.com)、> 引用、`代码` 和列表。",
  name: "名字",
  website: "网站",
  optional: "（可选）",
  honeypot: "请勿填写此栏",
  notifyMe: "有人回复时给我发邮件",
  follow: "关注",
  followLabel: "通过邮件关注此讨论（不公开地址；登录后留空）",
  voteUp: "赞成",
  featured: "精选评论",
  featuredMark: "精选",
  featuredGoTo: "在讨论中",
  voteDown: "反对",
  like: "喜欢",
  sortBy: "排序：",
  laterComments: "更多评论",
  firstComments: "回到最前面的评论",
  discussionPages: "讨论的分页",
  sortOldest: "最早",
  sortNewest: "最新",
  sortBest: "最佳",
  sortReplies: "回复最多",
  notifyEmail: "接收通知的邮箱（不会公开；登录后无需填写）",
  post: "发表评论",
  totalViews: "总浏览量：",
  credit: "评论由 Broadsheet 提供",
  commentsOn: (title) => `评论：${title}`,
  newComments: { other: "显示 {n} 条新评论" },
  replyTo: (path) => `回复 #${path}`,
  cancel: "取消",
  edit: "编辑",
  remove: "删除",
  reallyRemove: "确定删除？",
  save: "保存",
  editYourComment: "编辑你的评论",
  couldNotRemove: "无法删除",
  offline: "无法连接服务器。你的文字还在，请再试一次。",
  failed: "出了点问题。你的文字还在，请再试一次。",
  justNow: "刚刚",
  commentingAs: (name) => `以 ${name} 的身份评论`,
  signIn: "登录后用你的账户评论",
};

const CATALOGS: Readonly<Record<string, Messages>> = { en, ar, zh };

/** The catalog for a language, English when there is none. */
export function messagesFor(lang: string | undefined): Messages {
  return CATALOGS[lang ?? "en"] ?? en;
}

/** A count in words, by the language's plural rules: "Show 2 new comments", "اعرض تعليقين جديدين". */
export function plural(m: Messages, forms: Plural, n: number): string {
  const rule = new Intl.PluralRules(m.lang).select(n);
  return (forms[rule] ?? forms.other).replace("{n}", new Intl.NumberFormat(m.lang === "ar" ? "ar-u-nu-latn" : m.lang).format(n));
}
