import type { QueueItem, QueueTab } from "../../domain/moderation/ports.js";
import { REPORT_REASONS, type ReportReason } from "../../domain/moderation/report.js";
import { exactTime } from "../format-time.js";

export const TAB_LABELS: Record<QueueTab, string> = { pending: "Pending", reported: "Reported", spam: "Spam", removed: "Removed", all: "All" };

export interface QueuePageProps {
  readonly tab: QueueTab;
  readonly counts: Record<QueueTab, number>;
  readonly items: readonly QueueItem[];
  /** Id to pass as ?before= for older items, or null on the last page. */
  readonly olderThan: number | null;
  readonly csrfToken: string;
  readonly premoderateAll: boolean;
  readonly timeZone: string;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly reason?: string | undefined;
  readonly isAdmin: boolean;
  /** Editors and admins may feature comments. */
  readonly canFeature?: boolean | undefined;
  readonly sites: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  /** The site the queue is narrowed to, if any. */
  readonly siteId?: number | undefined;
}

const STATUS_TEXT: Record<string, string> = {
  pending: "Pending",
  published: "Published",
  spam: "Spam",
  removed_by_author: "Removed by the author",
  removed_by_moderator: "Removed by a moderator",
};

/**
 * The moderation queue. One form holds everything, so it works without JavaScript: each item's
 * buttons send "action:thread:comment", the bulk buttons act on the ticked items. With the page
 * script, j/k move between items and a, s, r approve, file as spam or remove the selected one.
 */
export function QueuePage(p: QueuePageProps) {
  return (
    <div class="moderation" data-moderation-queue="">
      <h1>Moderation</h1>
      <nav class="queue-tabs" aria-label="Queue">
        {(Object.keys(TAB_LABELS) as QueueTab[]).map((t) => (
          <a href={`/moderation?tab=${t}${p.siteId !== undefined ? `&site=${p.siteId}` : ""}`} aria-current={t === p.tab ? "page" : undefined} class={t === p.tab ? "current" : undefined}>
            {TAB_LABELS[t]} <span class="count">{p.counts[t]}</span>
          </a>
        ))}
        <a href="/moderation/bans">Bans</a>
        <a href="/moderation/words">Words</a>
        {p.isAdmin ? <a href="/moderation/log">Audit log</a> : null}
        {p.isAdmin ? <a href="/moderation/settings">Settings</a> : null}
        {p.isAdmin ? <a href="/admin/sites">Sites</a> : null}
      </nav>
      {p.sites.length > 1 ? (
        <nav class="queue-sites" aria-label="Sites">
          <a href={`/moderation?tab=${p.tab}`} aria-current={p.siteId === undefined ? "page" : undefined}>
            All sites
          </a>
          {p.sites.map((s) => (
            <a href={`/moderation?tab=${p.tab}&site=${s.id}`} aria-current={p.siteId === s.id ? "page" : undefined}>
              {s.name}
            </a>
          ))}
        </nav>
      ) : null}
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.error ? <p class="form-error" role="alert">{p.error}</p> : null}

      <form method="post" action="/moderation/emergency" class="emergency">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="on" value={p.premoderateAll ? "0" : "1"} />
        {p.premoderateAll ? (
          <p>
            <strong>Every new comment is held for review</strong> (emergency pre-moderation is on).{" "}
            <button type="submit" class="secondary">Turn off</button>
          </p>
        ) : (
          <p>
            Under attack? <button type="submit" class="secondary">Pre-moderate everything</button>
          </p>
        )}
      </form>

      <form method="post" action={`/moderation/act?tab=${p.tab}`} class="queue-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div class="queue-controls">
          <label>
            Reason <span class="optional">(optional, kept in the audit log)</span>{" "}
            <input name="reason" maxLength={500} value={p.reason ?? ""} />
          </label>{" "}
          <label>
            Ban length{" "}
            <select name="duration">
              <option value="1d">1 day</option>
              <option value="7d">7 days</option>
              <option value="30d">30 days</option>
              <option value="permanent">Permanent</option>
            </select>
          </label>{" "}
          <label>
            Ban holds on{" "}
            <select name="scope">
              <option value="everywhere">every site</option>
              <option value="site">the comment's site only</option>
            </select>
          </label>
          <p class="bulk">
            With ticked: <button name="bulk" value="approve">Approve</button> <button name="bulk" value="spam">Spam</button>{" "}
            <button name="bulk" value="remove">Remove</button> <button name="bulk" value="restore">Restore</button>
          </p>
          <p class="hint">Keys: j/k next/previous, x tick, a approve, s spam, r remove, e restore.</p>
        </div>
        {p.items.length === 0 ? <p class="empty-queue">Nothing here. Well done.</p> : null}
        <ol class="queue-items">
          {p.items.map((item) => (
            <QueueEntry item={item} timeZone={p.timeZone} canFeature={p.canFeature ?? false} />
          ))}
        </ol>
      </form>
      {p.olderThan !== null ? (
        <p>
          <a href={`/moderation?tab=${p.tab}&before=${p.olderThan}`} rel="next">Older</a>
        </p>
      ) : null}
    </div>
  );
}

function QueueEntry({ item, timeZone, canFeature }: { item: QueueItem; timeZone: string; canFeature: boolean }) {
  const c = item.comment;
  const ref = `${c.threadId}:${c.id}`;
  const path = c.numberPath.join(".");
  const h = item.history;
  const reports = Object.entries(item.reports) as [ReportReason, number][];
  const canApprove = c.status === "pending" || (c.status === "published" && reports.length > 0);
  const canReject = c.status === "pending" || c.status === "published";
  const canRestore = c.status === "spam" || c.status === "removed_by_moderator";
  return (
    <li class={`queue-item status-${c.status}`} id={`q-${c.id}`} data-ref={ref} tabIndex={-1}>
      <header>
        <label class="tick">
          <input type="checkbox" name="ids[]" value={ref} aria-label={`Select comment #${path}`} />
        </label>{" "}
        <strong>#{path}</strong> on{" "}
        {item.post ? (
          <a href={`/posts/${encodeURIComponent(item.post.slug)}#c-${c.numberPath.join("-")}`}>{item.post.title}</a>
        ) : item.page ? (
          <a href={`${item.page.url}#c-${c.numberPath.join("-")}`} rel="noopener noreferrer">{item.page.title}</a>
        ) : (
          `thread ${c.threadId}`
        )}{" "}
        · <span class="status">{STATUS_TEXT[c.status] ?? c.status}</span>
        {c.featuredAt !== null && c.status === "published" ? <> · <span class="featured-mark">★ Featured</span></> : null} · <time datetime={new Date(c.createdAt).toISOString()}>{exactTime(c.createdAt, timeZone)}</time>
      </header>
      {item.parent ? (
        <blockquote class="context">
          <p class="context-label">In reply to #{item.parent.numberPath.join(".")} by {item.parent.authorName ? <bdi>{item.parent.authorName}</bdi> : "Anonymous"}:</p>
          <div dir="auto" dangerouslySetInnerHTML={{ __html: item.parent.bodyHtml }} />
        </blockquote>
      ) : null}
      <div class="queue-body" dir="auto" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
      <dl class="queue-facts">
        <dt>Author</dt>
        <dd>
          {c.authorName ? <bdi>{c.authorName}</bdi> : "Anonymous"}
          {c.authorUserId !== null ? " (signed in)" : " (guest)"}
          {c.authorWebsite ? <> · <span class="website">{c.authorWebsite}</span></> : null}
        </dd>
        <dt>History</dt>
        <dd>
          {h.total} comment{h.total === 1 ? "" : "s"}, {h.approved} published, {h.rejected} rejected
          {h.firstSeenAt !== null ? `, first seen ${exactTime(h.firstSeenAt, timeZone)}` : ""}
        </dd>
        <dt>Spam score</dt>
        <dd class="score">{item.spamScore === null ? "not scored" : `${(item.spamScore * 100).toFixed(1)} %`}</dd>
        {item.screening.length > 0 ? (
          <>
            <dt>Screening</dt>
            <dd>
              <ul class="reasons">
                {item.screening.map((r) => (
                  <li>{r}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {reports.length > 0 ? (
          <>
            <dt>Reports</dt>
            <dd class="reports">{reports.map(([reason, n]) => `${REPORT_REASONS[reason]}: ${n}`).join(" · ")}</dd>
          </>
        ) : null}
      </dl>
      <p class="queue-actions">
        {canApprove ? <button name="do" value={`approve:${ref}`} data-key="a">{c.status === "published" ? "Keep (dismiss reports)" : "Approve"}</button> : null}{" "}
        {canReject ? <button name="do" value={`spam:${ref}`} data-key="s">Spam</button> : null}{" "}
        {canReject ? <button name="do" value={`remove:${ref}`} data-key="r">Remove</button> : null}{" "}
        {canRestore ? <button name="do" value={`restore:${ref}`} data-key="e">Restore</button> : null}{" "}
        {canFeature && c.status === "published" ? (
          <button name="do" value={`${c.featuredAt === null ? "feature" : "unfeature"}:${ref}`} class="secondary">
            {c.featuredAt === null ? "Feature" : "Stop featuring"}
          </button>
        ) : null}{" "}
        <button name="do" value={`ban:${ref}`} class="secondary">Ban author</button>
      </p>
    </li>
  );
}
