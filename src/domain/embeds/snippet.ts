/** What a site owner pastes where the discussion should appear. */
export function embedSnippet(publicUrl: string, siteKey: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  return `<div id="broadsheet-thread"></div>\n<script async src="${base}/embed.js" data-site="${siteKey}"></script>`;
}
