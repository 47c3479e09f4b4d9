import type { SaxesTagNS } from "saxes";
import { calendarTime } from "../domain/shared/zoned-time.js";
import type { ImportRecord } from "../domain/imports/records.js";
import { exportParser, readThrough } from "./xml-stream.js";


const ATOM = "http://www.w3.org/2005/Atom";
const THR = "http://purl.org/syndication/thread/1.0";
const KIND_SCHEME = "http://schemas.google.com/g/2005#kind";
const LABEL_SCHEME = "http://www.blogger.com/atom/ns#";
/** How Blogger writes a removed comment's text in its export. */
const REMOVED_BY_AUTHOR = "This comment has been removed by the author.";
const REMOVED_BY_ADMIN = "This comment has been removed by a blog administrator.";
/** Names Blogger gives readers who gave none. */
const NO_NAME = new Set(["anonymous", "unknown", ""]);

interface Entry {
  id: string;
  kind: string;
  title: string;
  content: string;
  published: string;
  labels: string[];
  alternate: string | null;
  related: string | null;
  inReplyTo: string | null;
  authorName: string;
  authorUri: string | null;
}

/** The id after ".post-" in Blogger's tag URIs: tag:blogger.com,1999:blog-1.post-42 → 42. */
function postIdOf(tag: string): string {
  return /\.post-(\d+)$/.exec(tag)?.[1] ?? tag;
}

function toRecord(e: Entry): ImportRecord {
  const id = postIdOf(e.id);
  const kind = e.kind.replace(/^.*#/, "");
  if (kind !== "post" && kind !== "comment") return { kind: "skipped", originalId: id, reason: kind ? `a Blogger ${kind} entry` : "an entry of no kind" };
  const publishedAt = calendarTime(Date.parse(e.published));
  if (Number.isNaN(publishedAt)) return { kind: "skipped", originalId: id, reason: "malformed entry: no valid published time" };
  if (kind === "post") {
    return { kind: "post", originalId: id, title: e.title.trim(), html: e.content, publishedAt, authorName: e.authorName.trim() || null, labels: e.labels, originalUrl: e.alternate };
  }
  if (!e.inReplyTo) return { kind: "skipped", originalId: id, reason: "orphan comment: no post it belongs to" };
  const text = e.content.trim();
  const removed = text === REMOVED_BY_AUTHOR ? "author" : text === REMOVED_BY_ADMIN ? "moderator" : null;
  const name = e.authorName.trim();
  return {
    kind: "comment",
    originalId: id,
    postOriginalId: postIdOf(e.inReplyTo),
    parentOriginalId: e.related ? (/\/comments\/default\/(\d+)$/.exec(e.related)?.[1] ?? null) : null,
    authorName: NO_NAME.has(name.toLowerCase()) ? null : name,
    authorUrl: e.authorUri && /^https?:\/\//.test(e.authorUri) ? e.authorUri : null,
    html: removed ? "" : e.content,
    publishedAt,
    removed,
  };
}

/**
 * Reads a Blogger export (the Atom file from Blogger's settings) as a stream: a few hundred MB are
 * never held whole, only the entry being read. Yields one record per entry. A malformed file
 * stops with the line, column and entry. The XML parser expands no entities beyond XML's own five
 * and character references (no DTD, no external entities, no "billion laughs").
 */
export async function* readBloggerExport(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<ImportRecord> {
  const ready: ImportRecord[] = [];
  let entry: Entry | null = null;
  let field: "title" | "content" | "published" | "id" | "name" | "uri" | null = null;
  let inAuthor = false;
  const parsing = exportParser(() => entry?.id ?? null);
  const { parser } = parsing;

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (tag.uri === ATOM && tag.local === "entry") {
      entry = { id: "", kind: "", title: "", content: "", published: "", labels: [], alternate: null, related: null, inReplyTo: null, authorName: "", authorUri: null };
      return;
    }
    if (!entry) return;
    const attr = (name: string) => tag.attributes[name]?.value ?? null;
    if (tag.uri === ATOM) {
      if (tag.local === "category") {
        if (attr("scheme") === KIND_SCHEME) entry.kind = attr("term") ?? "";
        else if (attr("scheme") === LABEL_SCHEME && attr("term")) entry.labels.push(attr("term") as string);
      } else if (tag.local === "link") {
        if (attr("rel") === "alternate") entry.alternate = attr("href");
        if (attr("rel") === "related") entry.related = attr("href");
      } else if (tag.local === "author") inAuthor = true;
      else if (tag.local === "name" && inAuthor) field = "name";
      else if (tag.local === "uri" && inAuthor) field = "uri";
      else if (!inAuthor && (tag.local === "title" || tag.local === "content" || tag.local === "published" || tag.local === "id")) field = tag.local;
    } else if (tag.uri === THR && tag.local === "in-reply-to") entry.inReplyTo = attr("ref");
  });
  const text = (t: string) => {
    if (!entry || !field) return;
    if (field === "name") entry.authorName += t;
    else if (field === "uri") entry.authorUri = (entry.authorUri ?? "") + t;
    else entry[field] += t;
  };
  parser.on("text", text);
  parser.on("cdata", text);
  parser.on("closetag", (tag: SaxesTagNS) => {
    if (tag.uri === ATOM && tag.local === "entry" && entry) {
      ready.push(toRecord(entry));
      entry = null;
    } else if (tag.uri === ATOM && tag.local === "author") inAuthor = false;
    field = null;
  });
  yield* readThrough(file, parsing, ready, onBytes);
}
