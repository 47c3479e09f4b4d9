import type { SaxesTagNS } from "saxes";
import { calendarTime } from "../domain/shared/zoned-time.js";
import type { ImportedComment, ImportedPost, ImportRecord } from "../domain/imports/records.js";
import { WXR_META } from "../exports/wxr-meta.js";
import { exportParser, readThrough } from "./xml-stream.js";

const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";
/** WXR 1.0, 1.1 and 1.2 differ only in this namespace's version. */
const isWp = (uri: string) => uri.startsWith("http://wordpress.org/export/");

/** WordPress's dates without a zone, in UTC ("2024-06-19 09:00:00" from *_gmt). */
function gmt(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
}

/**
 * WordPress shows comments and posts through wpautop: a blank line is a paragraph, a line break a
 * <br>. The export holds the text before that; it is applied here, once, so the HTML we keep looks
 * as it did there.
 */
export function autop(text: string): string {
  const t = text.replace(/\r\n?/g, "\n").trim();
  if (t === "") return "";
  if (/<(p|div|ul|ol|blockquote|table|h[1-6]|pre)[\s>]/i.test(t)) return t;
  return t
    .split(/\n\s*\n/)
    .map((para) => `<p>${para.trim().replace(/\n/g, "<br />\n")}</p>`)
    .join("\n");
}

interface Item {
  fields: Record<string, string>;
  categories: Array<{ domain: string; text: string }>;
  comments: Array<Record<string, string>>;
  /** Post meta by key (the last value of a repeated key). */
  meta: Record<string, string>;
}

/** WordPress statuses we bring in, and as what; others (private, trash, auto-draft) are skipped. */
const POST_STATUSES: Record<string, "published" | "scheduled" | "draft"> = { publish: "published", future: "scheduled", draft: "draft", pending: "draft" };
/** View totals as the common WordPress counters keep them in post meta. */
const VIEW_KEYS = [WXR_META.views, "views", "post_views_count"];

function metaNumber(meta: Record<string, string>, keys: readonly string[]): number | null {
  for (const k of keys) {
    const n = Number(meta[k]?.trim());
    if (meta[k] !== undefined && Number.isSafeInteger(n) && n >= 0) return n;
  }
  return null;
}

/** What a Broadsheet WXR file carries in post meta beyond WordPress's own fields. */
function broadsheetMeta(m: Record<string, string>): Partial<ImportedPost> {
  const time = (v: string | undefined) => (v && !Number.isNaN(calendarTime(Date.parse(v))) ? Date.parse(v) : null);
  const mode = m[WXR_META.threadMode];
  const image = m[WXR_META.leadImageUrl];
  const outlet = m[WXR_META.sourceOutlet];
  const sourceUrl = m[WXR_META.sourceUrl];
  return {
    dateline: m[WXR_META.dateline] ?? null,
    leadImage: image ? { url: image, caption: m[WXR_META.leadImageCaption] ?? null, credit: m[WXR_META.leadImageCredit] ?? null } : null,
    source: outlet && sourceUrl ? { outlet, url: sourceUrl, publishedAt: time(m[WXR_META.sourcePublishedAt]) } : null,
    canonicalToSource: m[WXR_META.canonicalToSource] === "1",
    ...(mode === "moderated" || mode === "hidden" ? { threadMode: mode } : {}),
  };
}

function itemRecords(item: Item): ImportRecord[] {
  const f = item.fields;
  const id = f.post_id ?? "";
  const type = f.post_type ?? "post";
  if (type !== "post") {
    const why = type === "page" ? "a WordPress page (pages are not imported)" : `a WordPress ${type}`;
    return [{ kind: "skipped", originalId: id, reason: why }, ...item.comments.map((c) => ({ kind: "skipped" as const, originalId: c.comment_id ?? "", reason: `a comment on ${why}` }))];
  }
  const status = POST_STATUSES[f.status ?? "publish"];
  if (!status) {
    return [{ kind: "skipped", originalId: id, reason: `a ${f.status} post in WordPress (not imported)` }, ...item.comments.map((c) => ({ kind: "skipped" as const, originalId: c.comment_id ?? "", reason: `a comment on a ${f.status} post` }))];
  }
  // A draft has no GMT date yet ("0000-00-00 00:00:00"): its local date stands in.
  const publishedAt = status === "draft" && Number.isNaN(gmt(f.post_date_gmt ?? "")) ? gmt(f.post_date ?? "") : gmt(f.post_date_gmt ?? "");
  if (!id || Number.isNaN(publishedAt)) return [{ kind: "skipped", originalId: id, reason: "malformed entry: no post id or GMT date" }];
  const labels = [...new Set(item.categories.filter((c) => c.domain === "category" || c.domain === "post_tag").map((c) => c.text.trim()).filter((t) => t && t !== "Uncategorized"))];
  const records: ImportRecord[] = [
    {
      kind: "post",
      originalId: id,
      title: (f.title ?? "").trim(),
      html: autop(f.encoded ?? ""),
      publishedAt,
      authorName: f.creator?.trim() || null,
      labels,
      originalUrl: f.link?.trim() || null,
      otherUrls: f.guid?.trim() ? [f.guid.trim()] : [],
      slug: f.post_name?.trim() || null,
      status,
      standfirst: f.excerpt?.trim() || null,
      views: metaNumber(item.meta, VIEW_KEYS),
      ...(f.comment_status === "closed" ? { threadMode: "closed" as const } : {}),
      ...broadsheetMeta(item.meta),
    },
  ];
  for (const c of item.comments) {
    const cid = c.comment_id ?? "";
    const type2 = c.comment_type ?? "";
    if (type2 === "pingback" || type2 === "trackback") {
      records.push({ kind: "skipped", originalId: cid, reason: `a ${type2}` });
      continue;
    }
    const at = gmt(c.comment_date_gmt ?? "");
    if (!cid || Number.isNaN(at)) {
      records.push({ kind: "skipped", originalId: cid, reason: "malformed entry: no comment id or GMT date" });
      continue;
    }
    const approved = (c.comment_approved ?? "1").trim();
    const parent = (c.comment_parent ?? "0").trim();
    const comment: ImportedComment = {
      kind: "comment",
      originalId: cid,
      postOriginalId: id,
      parentOriginalId: parent === "0" || parent === "" ? null : parent,
      authorName: c.comment_author?.trim() || null,
      authorUrl: c.comment_author_url?.trim() || null,
      html: autop(c.comment_content ?? ""),
      publishedAt: at,
      removed: approved === "trash" ? (c[`meta:${WXR_META.removedBy}`] === "author" ? "author" : "moderator") : null,
      held: approved === "0" ? "pending" : approved === "spam" ? "spam" : null,
    };
    records.push(comment);
  }
  return records;
}

/**
 * Reads a WordPress export (WXR 1.1 or 1.2) as a stream: posts with their categories and tags as
 * labels, their excerpt as standfirst, view totals kept in post meta, their comments with
 * `comment_parent`, status (approved → published, 0 → pending, spam → spam, trash → removed) and
 * GMT dates. Drafts and scheduled posts stay drafts and scheduled. Pages, attachments, menus,
 * private posts, pingbacks and trackbacks are skipped and counted. What a Broadsheet WXR file adds
 * in meta (exports/wxr-writer.ts) is read back. Commenters' e-mail addresses are not read.
 */
export async function* readWordPressExport(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<ImportRecord> {
  const ready: ImportRecord[] = [];
  let item: Item | null = null;
  let comment: Record<string, string> | null = null;
  let field: string | null = null;
  let category: { domain: string; text: string } | null = null;
  let meta: { key: string; value: string } | null = null;
  const where = () => (item?.fields.post_id ? `post ${item.fields.post_id}` : item ? "an item" : null);
  const parsing = exportParser(where);
  const { parser } = parsing;

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (tag.local === "item" && tag.uri === "") {
      item = { fields: {}, categories: [], comments: [], meta: {} };
      return;
    }
    if (!item) return;
    if (isWp(tag.uri) && (tag.local === "postmeta" || tag.local === "commentmeta")) {
      meta = { key: "", value: "" };
      return;
    }
    if (meta) {
      field = tag.local;
      return;
    }
    if (isWp(tag.uri) && tag.local === "comment") {
      comment = {};
      return;
    }
    if (comment) {
      if (isWp(tag.uri)) field = tag.local;
      return;
    }
    if (tag.uri === "" && tag.local === "category") {
      category = { domain: tag.attributes.domain?.value ?? "", text: "" };
      return;
    }
    if ((tag.uri === "" && (tag.local === "title" || tag.local === "link" || tag.local === "guid")) || (tag.uri === CONTENT && tag.local === "encoded") || (tag.uri === DC && tag.local === "creator")) field = tag.local;
    else if (tag.uri.startsWith("http://wordpress.org/export/") && tag.uri.endsWith("/excerpt/") && tag.local === "encoded") field = "excerpt";
    else if (isWp(tag.uri) && ["post_id", "post_date", "post_date_gmt", "post_name", "status", "post_type", "comment_status"].includes(tag.local)) field = tag.local;
  });
  const text = (t: string) => {
    if (meta) {
      if (field === "meta_key") meta.key += t;
      else if (field === "meta_value") meta.value += t;
    } else if (category) category.text += t;
    else if (field && comment) comment[field] = (comment[field] ?? "") + t;
    else if (field && item) item.fields[field] = (item.fields[field] ?? "") + t;
  };
  parser.on("text", text);
  parser.on("cdata", text);
  parser.on("closetag", (tag: SaxesTagNS) => {
    if (tag.local === "item" && tag.uri === "" && item) {
      ready.push(...itemRecords(item));
      item = null;
    } else if (isWp(tag.uri) && tag.local === "comment" && comment && item) {
      item.comments.push(comment);
      comment = null;
    } else if (isWp(tag.uri) && (tag.local === "postmeta" || tag.local === "commentmeta") && meta && item) {
      if (comment) comment[`meta:${meta.key}`] = meta.value;
      else item.meta[meta.key] = meta.value;
      meta = null;
    } else if (tag.local === "category" && category && item) {
      item.categories.push(category);
      category = null;
    }
    field = null;
  });
  yield* readThrough(file, parsing, ready, onBytes);
}
