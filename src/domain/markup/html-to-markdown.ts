import TurndownService from "turndown";

const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", emDelimiter: "*", bulletListMarker: "-" });
turndown.remove(["script", "style"]);

/**
 * An imported post's HTML as Markdown, so editors can edit it in our editor (decision record 006):
 * the post is shown as its sanitised original HTML until an editor saves it.
 */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim();
}
