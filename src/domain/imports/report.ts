import type { ImportReport } from "./records.js";

/** An import's report as the CLI and the admin page print it. */
export function formatImportReport(r: ImportReport): string {
  const verb = r.dryRun ? "would add" : "added";
  const lines = [
    r.dryRun ? "Dry run: nothing was written." : "Imported.",
    `Posts: ${verb} ${r.posts.added}, already here ${r.posts.existing}.`,
    `Comments: ${verb} ${r.comments.added} (${r.comments.replies} replies, ${r.comments.removed} removed, kept as tombstones${r.comments.pending ? `, ${r.comments.pending} awaiting moderation` : ""}${r.comments.spam ? `, ${r.comments.spam} spam` : ""}), already here ${r.comments.existing}.`,
  ];
  if (r.posts.added === 0 && r.comments.added === 0) lines.push("Nothing new: everything in this file was imported before.");
  const reasons = new Map<string, string[]>();
  for (const s of r.skipped) reasons.set(s.reason, [...(reasons.get(s.reason) ?? []), s.id]);
  for (const [reason, ids] of reasons) lines.push(`Skipped ${ids.length}: ${reason} (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""})`);
  if (r.skippedBeyond > 0) lines.push(`Skipped ${r.skippedBeyond} more, not listed (the list stops at ${r.skipped.length}).`);
  return lines.join("\n");
}
