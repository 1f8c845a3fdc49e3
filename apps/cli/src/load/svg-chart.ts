/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Tick positions and labels on x; evenly spaced numbers when omitted. */
  xTicks?: [number, string][];
  width?: number;
  height?: number;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

const format = (n: number) => (Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(Math.round(n * 1000) / 1000));

/** A line chart as inline SVG: no script, no external file, opens anywhere. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 820;
  const height = spec.height ?? 340;
  const m = { left: 70, right: 20, top: 36, bottom: 70 };
  const all = spec.series.flatMap((s) => s.points);
  const xMax = Math.max(1e-9, ...all.map((p) => p[0]), ...(spec.xTicks ?? []).map((t) => t[0]));
  const yTicks = niceTicks(Math.max(0, ...all.map((p) => p[1])));
  const yMax = Math.max(1e-9, yTicks[yTicks.length - 1]);
  const x = (v: number) => m.left + (v / xMax) * (width - m.left - m.right);
  const y = (v: number) => height - m.bottom - (v / yMax) * (height - m.top - m.bottom);
  const xTicks =
    spec.xTicks ??
    niceTicks(xMax)
      .filter((t) => t <= xMax)
      .map((t) => [t, format(t)] as [number, string]);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(spec.title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${format(t)}</text>`);
  }
  for (const [v, label] of xTicks) {
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${m.top}" y2="${height - m.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(v)}" y="${height - m.bottom + 16}" text-anchor="middle">${escape(label)}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${width / 2}" y="${height - m.bottom + 34}" text-anchor="middle">${escape(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(spec.yLabel)}</text>`);
  for (const s of spec.series) {
    if (s.points.length === 0) continue;
    const d = s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${d}"><title>${escape(s.name)}</title></polyline>`,
    );
  }
  spec.series.forEach((s, i) => {
    const lx = m.left + (i % 4) * 185;
    const ly = height - 18 + Math.floor(i / 4) * 14 - (spec.series.length > 4 ? 14 : 0);
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${lx + 28}" y="${ly}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
