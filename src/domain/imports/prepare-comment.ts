import { sanitisedHtmlToText } from "../markup/html-to-markdown.js";
import { sanitizeImportedCommentHtml } from "../markup/render-markdown.js";
import type { PreparedHtml } from "./records.js";

/** An imported comment's HTML as we keep it: sanitised with our allow-list (shown as HTML, not Markdown), and its text. */
export function prepareImportedComment(html: string): PreparedHtml {
  const clean = sanitizeImportedCommentHtml(html);
  return { html: clean, text: sanitisedHtmlToText(clean) };
}
