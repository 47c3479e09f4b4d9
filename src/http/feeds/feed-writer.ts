import { XMLBuilder } from "fast-xml-parser";

/**
 * Atom 1.0 and RSS 2.0, written by an XML builder that escapes every text and attribute value.
 * No CDATA anywhere: a value holding "]]>" cannot end a section and add markup of its own. Titles
 * and summaries go out as text (a commenter's name is never markup in a feed reader); `contentHtml`
 * must be HTML that went through our sanitiser, and goes out escaped as Atom's type="html" says.
 */
export interface FeedDoc {
  readonly title: string;
  /** The page the feed is about. */
  readonly link: string;
  /** This feed's own address (Atom) and its RSS twin, when there is one. */
  readonly self: { readonly atom: string; readonly rss?: string | undefined };
  /** Who writes the feed: every entry without an author of its own is theirs (RFC 4287 4.2.1). */
  readonly author: string;
  readonly language: string;
  readonly entries: readonly FeedEntry[];
  /** When there are no entries, the feed's <updated>. */
  readonly emptyUpdated: number;
}

export interface FeedEntry {
  readonly id: string;
  readonly link: string;
  readonly title: string;
  readonly published: number;
  readonly updated: number;
  readonly author?: string | undefined;
  readonly summary?: string | undefined;
  readonly contentHtml?: string | undefined;
  readonly categories?: readonly string[] | undefined;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", suppressEmptyNode: true, suppressBooleanAttributes: false, processEntities: true });

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped. */
export function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}

const iso = (ms: number) => new Date(ms).toISOString();
const text = (value: string) => ({ "@type": "text", "#text": xmlSafe(value) });

/** The newest time in the feed: never older than any of its entries. */
function feedUpdated(doc: FeedDoc): number {
  return doc.entries.reduce((max, e) => Math.max(max, e.updated, e.published), doc.entries.length ? 0 : doc.emptyUpdated);
}

export function writeAtom(doc: FeedDoc): string {
  const feed = {
    "@xmlns": "http://www.w3.org/2005/Atom",
    "@xml:lang": doc.language,
    id: xmlSafe(doc.link),
    title: text(doc.title),
    updated: iso(feedUpdated(doc)),
    author: { name: xmlSafe(doc.author) },
    link: [{ "@rel": "alternate", "@type": "text/html", "@href": xmlSafe(doc.link) }, { "@rel": "self", "@type": "application/atom+xml", "@href": xmlSafe(doc.self.atom) }],
    generator: "Broadsheet",
    entry: doc.entries.map((e) => ({
      id: xmlSafe(e.id),
      title: text(e.title),
      link: { "@rel": "alternate", "@type": "text/html", "@href": xmlSafe(e.link) },
      published: iso(e.published),
      updated: iso(e.updated),
      ...(e.author !== undefined ? { author: { name: xmlSafe(e.author) } } : {}),
      ...(e.categories?.length ? { category: e.categories.map((c) => ({ "@term": xmlSafe(c), "@label": xmlSafe(c) })) } : {}),
      ...(e.summary ? { summary: text(e.summary) } : {}),
      ...(e.contentHtml !== undefined ? { content: { "@type": "html", "#text": xmlSafe(e.contentHtml) } } : {}),
    })),
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ feed })}`;
}

/** RSS has no text/html switch: titles are plain text by the spec, descriptions HTML (sanitised). */
export function writeRss(doc: FeedDoc): string {
  const rfc822 = (ms: number) => new Date(ms).toUTCString();
  const channel = {
    title: xmlSafe(doc.title),
    link: xmlSafe(doc.link),
    description: xmlSafe(doc.title),
    language: doc.language,
    lastBuildDate: rfc822(feedUpdated(doc)),
    generator: "Broadsheet",
    "atom:link": { "@href": xmlSafe(doc.self.rss ?? doc.self.atom), "@rel": "self", "@type": "application/rss+xml" },
    item: doc.entries.map((e) => ({
      title: xmlSafe(e.title),
      link: xmlSafe(e.link),
      guid: { "@isPermaLink": "true", "#text": xmlSafe(e.id) },
      pubDate: rfc822(e.published),
      ...(e.author !== undefined ? { "dc:creator": xmlSafe(e.author) } : {}),
      ...(e.categories?.length ? { category: e.categories.map(xmlSafe) } : {}),
      ...(e.contentHtml !== undefined || e.summary ? { description: xmlSafe(e.contentHtml ?? escapeHtml(e.summary ?? "")) } : {}),
    })),
  };
  const rss = { "@version": "2.0", "@xmlns:atom": "http://www.w3.org/2005/Atom", "@xmlns:dc": "http://purl.org/dc/elements/1.1/", channel };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ rss })}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
