import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown to safe HTML. Readers' comments get a small subset; editors' post bodies a wider one.
 * Raw HTML is off in the parser, links are limited to safe schemes, and the output passes an
 * allowlist sanitiser regardless, so a parser bug alone cannot ship markup.
 */

const SAFE_SCHEMES = ["http", "https", "mailto"];
const COMMENT_REL = "nofollow ugc noopener noreferrer";

/** A link target is safe when, after what browsers strip, it is relative or http(s)/mailto. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore leading controls/spaces and TAB/LF/CR anywhere in a URL.
  const cleaned = href.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  if (!scheme) return !cleaned.startsWith("//") && !cleaned.startsWith("\\");
  return SAFE_SCHEMES.includes((scheme[1] ?? "").toLowerCase());
}

function makeParser(kind: "comment" | "post"): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: kind === "comment" });
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: false });
  // Readers write prose: a line of "~~~~~" or text indented four spaces is what it looks like, not a
  // code block running off the page. Code stays possible with backticks (inline or ``` fences).
  if (kind === "comment") md.disable(["image", "heading", "lheading", "table", "hr", "strikethrough", "code"]);
  if (kind === "comment") backtickFencesOnly(md);
  md.validateLink = (url) => isSafeHref(url);
  if (kind === "comment") md.core.ruler.push("unlink_disguised_urls", unlinkDisguisedUrls);
  return md;
}

type BlockRule = (state: { src: string; bMarks: number[]; tShift: number[] }, start: number, end: number, silent: boolean) => boolean;

/** markdown-it's fence rule, made to pass over fences of tildes (which a reader never means as code). */
function backtickFencesOnly(md: MarkdownIt): void {
  const rules = (md.block.ruler as unknown as { __rules__: Array<{ name: string; fn: BlockRule; alt: string[] }> }).__rules__;
  const fence = rules.find((r) => r.name === "fence");
  if (!fence) throw new Error("markdown-it has no fence rule");
  const original = fence.fn;
  md.block.ruler.at("fence", ((state, start, end, silent) => state.src.charCodeAt((state.bMarks[start] ?? 0) + (state.tShift[start] ?? 0)) !== 0x7e && original(state, start, end, silent)) as BlockRule as never, { alt: fence.alt });
}

/**
 * A link whose visible text is itself a URL pointing somewhere else is a phishing trick
 * (`[https://bank.example](https://evil.example)`): keep the text, drop the link.
 */
function unlinkDisguisedUrls(state: { tokens: Array<{ type: string; children: Array<{ type: string; content: string; attrGet(n: string): string | null; hidden: boolean }> | null }> }): void {
  for (const block of state.tokens) {
    const kids = block.children;
    if (block.type !== "inline" || !kids) continue;
    for (let i = 0; i < kids.length; i++) {
      const open = kids[i];
      if (!open || open.type !== "link_open") continue;
      let text = "";
      let j = i + 1;
      for (; j < kids.length && kids[j]?.type !== "link_close"; j++) text += kids[j]?.content ?? "";
      const close = kids[j];
      const href = open.attrGet("href") ?? "";
      if (close && looksLikeUrl(text) && hostOf(text) !== hostOf(href)) {
        kids.splice(j, 1);
        kids.splice(i, 1);
        i--;
      }
    }
  }
}

function looksLikeUrl(text: string): boolean {
  return /^\s*(https?:\/\/|www\.)\S+/i.test(text) || /^\s*[\w-]+(\.[\w-]+)+(\/\S*)?\s*$/.test(text);
}

function hostOf(text: string): string {
  const t = text.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:/i.test(t) ? t : `http://${t}`).hostname.replace(/^www\./, "").toLowerCase();
  } catch {
    return "";
  }
}

const commentParser = makeParser("comment");
const postParser = makeParser("post");

const commentSanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: COMMENT_REL }) },
  exclusiveFilter: (frame) => frame.tag === "a" && !isSafeHref(frame.attribs.href ?? ""),
};

const postSanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    ...(commentSanitizeOptions.allowedTags as string[]),
    "h2", "h3", "h4", "hr", "img", "del", "s", "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "rel", "title"], img: ["src", "alt", "title"], ol: ["start"], th: ["style"], td: ["style"] },
  allowedStyles: { th: { "text-align": [/^(left|right|center)$/] }, td: { "text-align": [/^(left|right|center)$/] } },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  // The post's title is the page's only h1: body headings start at h2.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }), h1: "h2", h5: "h4", h6: "h4" },
};

/** A reader's comment: paragraphs, emphasis, links, quotes, code and lists; nothing else. */
export function renderCommentMarkdown(source: string): string {
  return renderComment(source).html;
}

/** A comment's safe HTML and the hosts it links to, from one parse (screening counts the links). */
export function renderComment(source: string): { html: string; linkHosts: string[] } {
  const tokens = commentParser.parse(source, {});
  const html = sanitizeHtml(commentParser.renderer.render(tokens, commentParser.options, {}), commentSanitizeOptions).trim();
  return { html, linkHosts: hostsOf(tokens) };
}

/** A picture of ours and its smaller copies (from the media store), for srcset. */
export interface ResponsiveImage {
  readonly width: number;
  readonly height: number;
  readonly variants: ReadonlyArray<{ readonly url: string; readonly width: number }>;
}

/**
 * An editor's post body: the comment set plus headings, images, rules and tables. Pictures of ours
 * that `images` describes get their size (no layout shift), lazy loading and a srcset of their
 * smaller copies; every other picture is as written.
 */
export function renderPostMarkdown(source: string, images?: ReadonlyMap<string, ResponsiveImage>): string {
  if (!images || images.size === 0) return sanitizeHtml(postParser.render(source), postSanitizeOptions).trim();
  return sanitizeHtml(postParser.render(source), {
    ...postSanitizeOptions,
    allowedAttributes: { ...postSanitizeOptions.allowedAttributes, img: ["src", "alt", "title", "srcset", "sizes", "width", "height", "loading", "decoding"] },
    transformTags: {
      ...postSanitizeOptions.transformTags,
      img: (tagName, attribs) => {
        const known = images.get(attribs.src ?? "");
        if (!known) return { tagName, attribs: { src: attribs.src ?? "", alt: attribs.alt ?? "", ...(attribs.title ? { title: attribs.title } : {}) } };
        const srcset = [...known.variants.map((v) => `${v.url} ${v.width}w`), `${attribs.src} ${known.width}w`].join(", ");
        return {
          tagName,
          attribs: { ...attribs, srcset, sizes: "(max-width: 46rem) 100vw, 46rem", width: String(known.width), height: String(known.height), loading: "lazy", decoding: "async" },
        };
      },
    },
  }).trim();
}

/** The placeholder the editor's script puts where a picture's description goes. */
export const ALT_PLACEHOLDER = "Describe the picture";

function imagesIn(source: string): Array<{ src: string; alt: string }> {
  const found: Array<{ src: string; alt: string }> = [];
  const walk = (list: ReturnType<MarkdownIt["parse"]>) => {
    for (const t of list) {
      if (t.type === "image") found.push({ src: t.attrGet("src") ?? "", alt: (t.children ?? []).map((c) => c.content).join("").trim() });
      if (t.children) walk(t.children);
    }
  };
  walk(postParser.parse(source, {}));
  return found;
}

/** The addresses of the pictures of ours (/media/…) a post body shows. */
export function mediaImagesOf(source: string): string[] {
  return [...new Set(imagesIn(source).map((i) => i.src).filter((src) => src.startsWith("/media/")))];
}

/** How many pictures in a post body have no description (or still the placeholder). */
export function imagesWithoutAlt(source: string): number {
  return imagesIn(source).filter((i) => i.alt === "" || i.alt === ALT_PLACEHOLDER).length;
}

/**
 * The host of every link a comment's Markdown would produce (written links and bare URLs turned
 * into links), in order, lower-cased and without "www.". Spam screening counts and scores them.
 */
export function linkHostsOf(source: string): string[] {
  return hostsOf(commentParser.parse(source, {}));
}

function hostsOf(tokens: ReturnType<MarkdownIt["parse"]>): string[] {
  const hosts: string[] = [];
  const walk = (list: ReturnType<MarkdownIt["parse"]>) => {
    for (const t of list) {
      if (t.type === "link_open") {
        try {
          hosts.push(new URL(t.attrGet("href") ?? "", "http://relative.invalid").hostname.toLowerCase().replace(/^www\./, ""));
        } catch {
          // An href the parser accepted but URL cannot read is not a link anyone can follow.
        }
      }
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  return hosts;
}

/**
 * HTML brought from another system (an import), kept as HTML — never reinterpreted as Markdown, so
 * a Blogger comment starting with "~~~~~" stays text. The same allow-lists as ours; tags outside
 * them are dropped with their text kept (b and i become strong and em), scripts and styles go whole.
 */
export function sanitizeImportedCommentHtml(html: string): string {
  return sanitizeHtml(html, { ...commentSanitizeOptions, disallowedTagsMode: "discard", transformTags: { ...commentSanitizeOptions.transformTags, b: "strong", i: "em" } }).trim();
}

export function sanitizeImportedPostHtml(html: string): string {
  return sanitizeHtml(html, { ...postSanitizeOptions, transformTags: { ...postSanitizeOptions.transformTags, b: "strong", i: "em" } }).trim();
}
