import { XMLBuilder } from "fast-xml-parser";
import type { ExportRecord } from "../domain/exports/export-format.js";
import type { Store } from "../storage/db.js";
import { exportRecordsWhere } from "../storage/export-store.js";
import { xmlSafe } from "../http/feeds/feed-writer.js";
import { WXR_META } from "./wxr-meta.js";
import { writeWholeFile } from "./whole-file.js";


const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", processEntities: true, format: true, indentBy: "  " });

/** WordPress's "2024-06-19 09:00:00" (both the local and the _gmt fields: our times are UTC). */
const wpDate = (iso: string) => iso.slice(0, 19).replace("T", " ");
const POST_STATUS: Record<string, string> = { published: "publish", scheduled: "future", draft: "draft" };
const COMMENT_APPROVED: Record<string, string> = { published: "1", pending: "0", spam: "spam", removed_by_author: "trash", removed_by_moderator: "trash" };
const meta = (key: string, value: unknown) => ({ "wp:meta_key": key, "wp:meta_value": xmlSafe(String(value)) });

/**
 * Writes a site's posts (every status) with their labels as tags and their comments (every status,
 * tombstones as trash) as a WordPress eXtended RSS 1.2 file, the format WordPress's own importer
 * reads. Streamed post by post: a post's comments are read when it is written.
 */
export async function writeWxrExport(store: Store, file: string, options: { siteId: number; baseUrl: string; now: number }): Promise<{ posts: number; comments: number }> {
  const counts = { posts: 0, comments: 0 };
  return writeWholeFile(file, async (write) => {
    const site = await first(exportRecordsWhere(store, "site", { id: options.siteId }));
    if (!site) throw new Error(`there is no site ${options.siteId}`);
    const users = new Map<number, ExportRecord>();
    for await (const u of exportRecordsWhere(store, "user", {})) users.set(u.id as number, u);
    const login = (id: unknown) => (typeof id === "number" && users.has(id) ? `user${id}` : "broadsheet");
    await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
`);
    await write(
      builder.build({
        title: xmlSafe(site.name as string),
        link: xmlSafe(options.baseUrl),
        description: "",
        pubDate: new Date(options.now).toUTCString(),
        language: site.language,
        "wp:wxr_version": "1.2",
        "wp:base_site_url": xmlSafe(options.baseUrl),
        "wp:base_blog_url": xmlSafe(options.baseUrl),
        "wp:author": [...users.values()].map((u) => ({
          "wp:author_id": u.id,
          "wp:author_login": login(u.id),
          "wp:author_email": xmlSafe(u.email as string),
          "wp:author_display_name": xmlSafe(u.displayName as string),
        })),
        generator: "Broadsheet",
      }),
    );
    for await (const post of exportRecordsWhere(store, "post", { site_id: options.siteId })) {
      const labels = [];
      for await (const l of exportRecordsWhere(store, "post-label", { post_id: post.id as number })) labels.push(l.label as string);
      const thread = await first(exportRecordsWhere(store, "thread", { id: post.threadId as number }));
      const comments = [];
      for await (const c of exportRecordsWhere(store, "comment", { thread_id: post.threadId as number })) comments.push(wxrComment(c));
      const when = (post.publishedAt ?? post.createdAt) as string;
      const mode = (thread?.mode as string | undefined) ?? "open";
      const postMeta = [
        meta(WXR_META.views, thread?.viewCount ?? 0),
        ...optionalMeta([
          [WXR_META.dateline, post.dateline],
          [WXR_META.leadImageUrl, post.leadImageUrl],
          [WXR_META.leadImageCaption, post.leadImageCaption],
          [WXR_META.leadImageCredit, post.leadImageCredit],
          [WXR_META.sourceOutlet, post.sourceOutlet],
          [WXR_META.sourceUrl, post.sourceUrl],
          [WXR_META.sourcePublishedAt, post.sourcePublishedAt],
          [WXR_META.canonicalToSource, post.canonicalToSource ? "1" : null],
          [WXR_META.threadMode, mode === "open" || mode === "closed" ? null : mode],
        ]),
      ];
      await write(
        builder.build({
          item: {
            title: xmlSafe(post.title as string),
            link: xmlSafe(`${options.baseUrl}/posts/${post.slug as string}`),
            pubDate: new Date(when).toUTCString(),
            "dc:creator": login(post.authorId),
            guid: { "@isPermaLink": "false", "#text": xmlSafe(`${options.baseUrl}/?p=${post.id as number}`) },
            description: "",
            "content:encoded": xmlSafe(post.bodyHtml as string),
            "excerpt:encoded": xmlSafe((post.standfirst as string | null) ?? ""),
            "wp:post_id": post.id,
            "wp:post_date": wpDate(when),
            "wp:post_date_gmt": post.publishedAt ? wpDate(when) : "0000-00-00 00:00:00",
            "wp:comment_status": mode === "closed" ? "closed" : "open",
            "wp:post_name": xmlSafe(post.slug as string),
            "wp:status": POST_STATUS[post.status as string] ?? "draft",
            "wp:post_type": "post",
            category: labels.map((l) => ({ "@domain": "post_tag", "@nicename": xmlSafe(l), "#text": xmlSafe(l) })),
            "wp:postmeta": postMeta,
            "wp:comment": comments,
          },
        }),
      );
      counts.posts++;
      counts.comments += comments.length;
    }
    await write("</channel>\n</rss>\n");
    return counts;
  });
}

function wxrComment(c: ExportRecord) {
  const status = c.status as string;
  const at = wpDate(c.createdAt as string);
  return {
    "wp:comment_id": c.id,
    "wp:comment_author": xmlSafe((c.authorName as string | null) ?? ""),
    "wp:comment_author_email": "",
    "wp:comment_author_url": xmlSafe((c.authorWebsite as string | null) ?? ""),
    "wp:comment_date": at,
    "wp:comment_date_gmt": at,
    "wp:comment_content": xmlSafe(c.bodyHtml as string),
    "wp:comment_approved": COMMENT_APPROVED[status] ?? "0",
    "wp:comment_type": "comment",
    // The comment it answers (at the deepest level that is not the one it sits under).
    "wp:comment_parent": (c.replyingToId ?? c.parentId ?? 0) as number,
    "wp:comment_user_id": (c.authorUserId ?? 0) as number,
    "wp:commentmeta": status === "removed_by_author" ? [meta(WXR_META.removedBy, "author")] : status === "removed_by_moderator" ? [meta(WXR_META.removedBy, "moderator")] : [],
  };
}

function optionalMeta(pairs: Array<[string, unknown]>) {
  return pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => meta(k, v));
}

async function first<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of items) return item;
  return undefined;
}
