import type { ReaderStats } from "../../domain/stats/reader-stats.js";
import { DayChart } from "../charts/day-chart.js";

/** What readers read: views and distinct readers per day, comments per day, top posts, referrers. */
export function StatsPage({ stats, title }: { stats: ReaderStats; title: string }) {
  return (
    <div class="editor stats">
      <h1>{title}</h1>
      <p class="hint">Counted without cookies and without storing IP addresses or browsers: a reader is a salted hash that changes every day.</p>
      <DayChart title="Views" days={stats.days} bars={stats.views} barLabel="views" line={stats.readers.some((r) => r > 0) ? stats.readers : undefined} lineLabel="distinct readers" />
      <DayChart title="Comments" days={stats.days} bars={stats.comments} barLabel="comments" />
      {stats.topPosts.length > 0 || stats.referrers.length > 0 ? (
        <div class="stats-tables">
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
    </div>
  );
}
