// A line chart as inline SVG, so the HTML report needs no script and no network: seconds on x,
// a linear or log scale on y, one <path class="series"> per series (data-points = its points).
const W = 600;
const H = 240;
const M = { left: 60, right: 14, top: 12, bottom: 34 };
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const DASH = { solid: '', dashed: '6 4', dotted: '2 3' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : String(Number(v.toPrecision(2))));

/** Round steps (1, 2, 5 × 10ⁿ) that cover [0, max] in about `count` ticks. */
function linearTicks(max, count = 5) {
  const raw = max / count || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

function yScale(values, log) {
  if (log) {
    const positive = values.filter((v) => v > 0);
    const lo = Math.floor(Math.log10(Math.min(...positive, 1)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive, 1))));
    const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
    return { ticks, at: (v) => (Math.log10(v) - lo) / (hi - lo) };
  }
  // Headroom above the highest point, so a flat series does not lie on the frame.
  const ticks = linearTicks(Math.max(...values, 1) * 1.1);
  return { ticks, at: (v) => v / ticks.at(-1) };
}

/**
 * series: [{ label, points: [[x, y]], style?: 'solid' | 'dashed' | 'dotted', color? }]; points with
 * a null y (nothing happened that second) or, on a log scale, y ≤ 0 are left out.
 */
function lineChart({ id, title, yLabel, series, log = false }) {
  const drawn = series.map((s, i) => ({
    ...s,
    color: s.color ?? PALETTE[i % PALETTE.length],
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!log || y > 0)),
  }));
  const xs = drawn.flatMap((s) => s.points.map(([x]) => x));
  const ys = drawn.flatMap((s) => s.points.map(([, y]) => y));
  const xTicks = linearTicks(Math.max(...xs, 1), 8);
  const y = yScale(ys, log);
  const [pw, ph] = [W - M.left - M.right, H - M.top - M.bottom];
  const px = (x) => M.left + (x / xTicks.at(-1)) * pw;
  const py = (v) => M.top + ph - y.at(v) * ph;
  const grid = [
    ...y.ticks.map(
      (t) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" class="grid"/><text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`,
    ),
    ...xTicks.map((t) => `<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`),
  ];
  const paths = drawn
    .filter((s) => s.points.length > 0)
    .map((s) => {
      // A lone point still gets a visible stroke: a short horizontal segment.
      const pts = s.points.length === 1 ? [s.points[0], [s.points[0][0] + 0.3, s.points[0][1]]] : s.points;
      const d = pts.map(([x, v], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)} ${py(v).toFixed(1)}`).join(' ');
      return `<path class="series" data-series="${escape(s.label)}" data-points="${s.points.length}" d="${d}" stroke="${s.color}" stroke-dasharray="${DASH[s.style ?? 'solid']}"/>`;
    });
  const legend = drawn.map(
    (s) => `<li><span style="border-color:${s.color};border-top-style:${s.style ?? 'solid'}"></span>${escape(s.label)}</li>`,
  );
  return `<figure class="chart-box">
<figcaption>${escape(title)}</figcaption>
<svg class="chart" id="${escape(id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(title)}">
<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="frame"/>
${grid.join('\n')}
<text x="${M.left + pw / 2}" y="${H - 4}" text-anchor="middle">seconds</text>
<text x="14" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 14 ${M.top + ph / 2})">${escape(yLabel)}${log ? ' (log)' : ''}</text>
${paths.join('\n')}
</svg>
<ul class="legend">${legend.join('')}</ul>
</figure>`;
}

module.exports = { lineChart, escape, PALETTE };
