import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** A complete HTML document from a Preact tree. */
export function renderDocument(tree: VNode): string {
  return `<!doctype html>${renderToString(tree)}`;
}
