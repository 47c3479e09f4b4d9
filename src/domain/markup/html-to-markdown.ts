import TurndownService from "turndown";

const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", emDelimiter: "*", bulletListMarker: "-" });
turndown.remove(["script", "style"]);

/**
 * An imported post's HTML as Markdown, so editors can edit it in our editor (decision record 006):
 * the post is shown as its sanitised original HTML until an editor saves it.
 */
export function htmlToMarkdown(html: string): string {
  try {
    return turndown.turndown(html).trim();
  } catch (err) {
    // Turndown walks the document recursively: markup nested some 10,000 deep overflows the stack,
    // and one such post stopped a whole import. Its text is kept instead (the post is still shown
    // as its sanitised original HTML; only an editor who saves it sees the difference).
    if (!(err instanceof RangeError)) throw err;
    return sanitisedHtmlToText(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ""));
  }
}

/** The only entities our sanitiser writes into text (it decodes every other one). */
const SANITISER_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * The text of HTML that went through our sanitiser (sanitizeImported…Html), for search and export:
 * breaks and block ends become line breaks, tags go, the sanitiser's entities are decoded. An
 * imported comment's source (decision record 006): no one edits it, so it needs no Markdown, and
 * this is some fifty times cheaper than converting it.
 */
export function sanitisedHtmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|li|blockquote|pre|h[1-6])>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => SANITISER_ENTITIES[e] ?? e)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
