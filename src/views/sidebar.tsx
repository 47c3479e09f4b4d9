import type { Sidebar as SidebarData } from "../domain/posts/get-sidebar.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Popular posts and the archive (year ▸ month ▸ posts, with counts); works without JavaScript. */
export function Sidebar({ data, openMonth }: { data: SidebarData; openMonth?: string | undefined }) {
  const current = openMonth ?? data.archive[0]?.months[0]?.key;
  return (
    <aside class="sidebar">
      <section class="popular">
        <h2>Popular posts</h2>
        {data.popular.map((p) => (
          <details open={p.label === "This week"}>
            <summary>{p.label}</summary>
            {p.posts.length === 0 ? <p class="hint">No views yet.</p> : null}
            <ol>
              {p.posts.map((e) => (
                <li>
                  <a href={`/posts/${encodeURIComponent(e.slug)}`}>{e.title}</a> <span class="count">({e.views})</span>
                </li>
              ))}
            </ol>
          </details>
        ))}
      </section>
      <section class="archive">
        <h2>Blog archive</h2>
        <ul>
          {data.archive.map((y) => (
            <li>
              <details open={y.months.some((m) => m.key === current)}>
                <summary>
                  {y.year} <span class="count">({y.count})</span>
                </summary>
                <ul>
                  {y.months.map((m) => (
                    <li>
                      <details open={m.key === current}>
                        {/* A summary holds no link (it is a control itself): the month's page is the first entry. */}
                        <summary>
                          {MONTHS[m.month - 1]} <span class="count">({m.posts.length})</span>
                        </summary>
                        <ul>
                          <li class="archive-month">
                            <a href={`/archive/${m.year}/${String(m.month).padStart(2, "0")}`}>
                              Every post of {MONTHS[m.month - 1]} {m.year}
                            </a>
                          </li>
                          {m.posts.map((e) => (
                            <li>
                              <a href={`/posts/${encodeURIComponent(e.slug)}`}>{e.title}</a>
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
