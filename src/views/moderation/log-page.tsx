import type { LogEntry } from "../../domain/moderation/ports.js";
import { exactTime } from "../format-time.js";
import { PageHead } from "./page-head.js";
import { SiteTabs } from "../site-tabs.js";

/** The audit log, newest first: who did what, when, and why. */
export function LogPage({ entries, olderThan, timeZone, sites = [], siteId }: { entries: readonly LogEntry[]; olderThan: number | null; timeZone: string; sites?: ReadonlyArray<{ id: number; name: string }>; siteId?: number | undefined }) {
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const query = siteId !== undefined ? `&site=${siteId}` : "";
  return (
    <div class="moderation">
      <PageHead title="Audit log" />
      <SiteTabs sites={sites} current={siteId} all="All sites" href={(id) => (id === undefined ? "/moderation/log" : `/moderation/log?site=${id}`)} />
      <table class="post-table log-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Site</th>
            <th scope="col">Action</th>
            <th scope="col">Comment</th>
            <th scope="col">What changed</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td data-label="When">{exactTime(e.createdAt, timeZone)}</td>
              <td data-label="Who">{e.actorName ? <bdi>{e.actorName}</bdi> : e.actorId === null ? (e.action === "account" ? "The command line" : "Readers' reports") : `user ${e.actorId}`}</td>
              <td data-label="Site">{e.siteId === null ? "All" : (siteName.get(e.siteId) ?? `site ${e.siteId}`)}</td>
              <td data-label="Action">{e.action.replace(/_/g, " ")}</td>
              <td data-label="Comment">{e.commentId === null ? "" : e.commentId}</td>
              <td data-label="What changed">{e.detail}</td>
              <td data-label="Reason">{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {olderThan !== null ? (
        <p>
          <a href={`/moderation/log?before=${olderThan}${query}`} rel="next">Older</a>
        </p>
      ) : null}
    </div>
  );
}
