import type { ReaderStats } from "../../domain/stats/reader-stats.js";
import { DayChart } from "../charts/day-chart.js";
import { SiteTabs } from "../site-tabs.js";

/**
 * What readers read: views and distinct readers per day, comments per day, top posts, referrers —
 * for the whole installation, one site (with a choice of site when there are several) or one post.
 */
export function StatsPage({ stats, title, sites = [], siteId }: { stats: ReaderStats; title: string; sites?: ReadonlyArray<{ id: number; name: string }>; siteId?: number | undefined }) {
  return (
    <div class="editor stats">
      <h1>{title}</h1>
      {stats.scope !== "thread" ? <SiteTabs sites={sites} current={siteId} all="Every site" href={(id) => (id === undefined ? "/editor/stats" : `/editor/stats?site=${id}`)} /> : null}
      <p class="hint">Counted without cookies and without storing IP addresses or browsers: a reader is a salted hash that changes every day.</p>
      <DayChart title="Views" days={stats.days} bars={stats.views} barLabel="views" line={stats.readers.some((r) => r > 0) ? stats.readers : undefined} lineLabel="distinct readers" />
      <DayChart title="Comments" days={stats.days} bars={stats.comments} barLabel="comments" />
      {stats.topPosts.length > 0 || stats.referrers.length > 0 ? (
        <div class="stats-tables">
          {stats.scope === "installation" ? (
            <section>
              <h2>Top posts</h2>
              <ol>
                {stats.topPosts.map((p) => (
                  <li>
                    <a href={`/posts/${encodeURIComponent(p.slug)}`}>{p.title}</a> <span class="count">({p.views})</span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section>
            <h2>Top referrers</h2>
            {stats.referrers.length === 0 ? <p class="hint">No visits from other sites yet.</p> : null}
            <ol>
              {stats.referrers.map((r) => (
                <li>
                  {r.host} <span class="count">({r.views})</span>
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
      {stats.scope === "site" ? (
        <section>
          <h2>Most read discussions</h2>
          {stats.topThreads.length === 0 ? <p class="hint">No views on this site in these days.</p> : null}
          <ol>
            {stats.topThreads.map((t) => (
              <li>
                {t.url ? <a href={t.url}>{t.title}</a> : t.title} <span class="count">({t.views})</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
