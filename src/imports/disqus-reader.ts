import type { SaxesTagNS } from "saxes";
import { calendarTime } from "../domain/shared/zoned-time.js";
import type { ImportRecord } from "../domain/imports/records.js";
import { exportParser, readThrough } from "./xml-stream.js";

const DSQ = "http://disqus.com/disqus-internals";

interface Node {
  readonly kind: "thread" | "post";
  readonly id: string;
  fields: Record<string, string>;
  threadRef: string | null;
  parentRef: string | null;
}

function toRecord(n: Node): ImportRecord {
  const f = n.fields;
  if (n.kind === "thread") {
    if (!f.link) return { kind: "skipped", originalId: n.id, reason: "malformed entry: a thread without a link" };
    return { kind: "thread", originalId: n.id, url: f.link.trim(), title: (f.title ?? "").trim() };
  }
  const at = calendarTime(Date.parse((f.createdAt ?? "").trim()));
  if (!n.threadRef || Number.isNaN(at)) return { kind: "skipped", originalId: n.id, reason: "malformed entry: a post without a thread or a time" };
  const deleted = (f.isDeleted ?? "").trim() === "true";
  const spam = (f.isSpam ?? "").trim() === "true";
  return {
    kind: "comment",
    originalId: n.id,
    postOriginalId: n.threadRef,
    parentOriginalId: n.parentRef,
    authorName: (f["author.name"] ?? "").trim() || null,
    authorUrl: null,
    html: deleted ? "" : (f.message ?? ""),
    publishedAt: at,
    // Disqus does not say who deleted a comment: it stays a tombstone "removed by a moderator".
    removed: deleted ? "moderator" : null,
    held: spam && !deleted ? "spam" : null,
  };
}

/**
 * Reads a Disqus export (its XML, with `dsq:id` references) as a stream: threads (matched to our
 * posts by address, or made as an embedding site's page threads) and posts with their parent,
 * `isDeleted` (kept as tombstones) and `isSpam`. Guests stay as Disqus shows them: by the name
 * they gave, or anonymous. Commenters' e-mail addresses and IPs are not read.
 */
export async function* readDisqusExport(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<ImportRecord> {
  const ready: ImportRecord[] = [];
  const path: string[] = [];
  let node: Node | null = null;
  const parsing = exportParser(() => node?.id ?? null);
  const { parser } = parsing;

  parser.on("opentag", (tag: SaxesTagNS) => {
    path.push(tag.local);
    const dsqId = Object.values(tag.attributes).find((a) => a.uri === DSQ && a.local === "id")?.value ?? null;
    if (path.length === 2 && (tag.local === "thread" || tag.local === "post")) {
      node = { kind: tag.local, id: dsqId ?? "", fields: {}, threadRef: null, parentRef: null };
      return;
    }
    if (!node || path.length !== 3) return;
    if (node.kind === "post" && tag.local === "thread") node.threadRef = dsqId;
    if (node.kind === "post" && tag.local === "parent") node.parentRef = dsqId;
  });
  const text = (t: string) => {
    if (!node || path.length < 3) return;
    const key = path.slice(2).join(".");
    node.fields[key] = (node.fields[key] ?? "") + t;
  };
  parser.on("text", text);
  parser.on("cdata", text);
  parser.on("closetag", () => {
    if (path.length === 2 && node) {
      ready.push(toRecord(node));
      node = null;
    }
    path.pop();
  });
  yield* readThrough(file, parsing, ready, onBytes);
}
