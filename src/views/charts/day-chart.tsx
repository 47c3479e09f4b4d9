/** A bar chart of daily figures, drawn as SVG on the server (no script), with the numbers as a table too. */
export function DayChart(p: { title: string; days: readonly string[]; bars: readonly number[]; line?: readonly number[] | undefined; barLabel: string; lineLabel?: string | undefined }) {
  const W = 640;
  const H = 180;
  const pad = { left: 36, bottom: 22, top: 10, right: 8 };
  const max = Math.max(1, ...p.bars, ...(p.line ?? []));
  const step = (W - pad.left - pad.right) / Math.max(1, p.days.length);
  const y = (v: number) => H - pad.bottom - (v / max) * (H - pad.bottom - pad.top);
  const total = p.bars.reduce((a, b) => a + b, 0);
  return (
    <figure class="chart">
      <figcaption>
        {p.title} — {total} {p.barLabel} in {p.days.length} days
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${p.title}: ${total} ${p.barLabel}`} width="100%">
        <line x1={pad.left} y1={y(0)} x2={W - pad.right} y2={y(0)} class="axis" stroke="currentColor" opacity="0.5" />
        <text x={pad.left - 4} y={y(max) + 4} text-anchor="end" font-size="13">{max}</text>
        <text x={pad.left - 4} y={y(0)} text-anchor="end" font-size="13">0</text>
        {p.bars.map((v, i) => (
          <rect x={pad.left + i * step + 1} y={y(v)} width={Math.max(1, step - 2)} height={y(0) - y(v)} class="bar">
            <title>{`${p.days[i]}: ${v} ${p.barLabel}`}</title>
          </rect>
        ))}
        {p.line ? (
          <polyline fill="none" class="line" stroke-width="2" points={p.line.map((v, i) => `${pad.left + i * step + step / 2},${y(v)}`).join(" ")} />
        ) : null}
        {p.days.map((d, i) => (i % 7 === 0 ? <text x={pad.left + i * step} y={H - 6} font-size="13">{d.slice(5)}</text> : null))}
      </svg>
      {p.line && p.lineLabel ? <p class="hint">Bars: {p.barLabel}. Line: {p.lineLabel}.</p> : null}
      <details>
        <summary>Numbers</summary>
        <table class="post-table">
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">{p.barLabel}</th>
              {p.line ? <th scope="col">{p.lineLabel}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.days.map((d, i) => (
              <tr>
                <td data-label="Day (UTC)">{d}</td>
                <td data-label={p.barLabel}>{p.bars[i]}</td>
                {p.line ? <td data-label={p.lineLabel}>{p.line[i]}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
