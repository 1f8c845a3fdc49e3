import { Histogram } from 'hdr-histogram-js';
import { decodeHistogram, latencyAtPercentile, LatencySummary } from './latency-summary';
import { LoadResult, StepResult } from './load-result';
import { lineChart, Series } from './svg-chart';

/**
 * One meaning per colour on every chart: grey what was sent, blue acknowledgements, red what
 * the consumers handled (end to end). Line style tells the statistic (p99 solid, p50 dashed);
 * in the percentile chart, steps are shades of the same colour, darkest first.
 */
export const REPORT_COLORS = {
  sent: ['#7f7f7f'],
  acknowledged: ['#1f77b4', '#6baed6', '#08519c', '#9ecae1', '#08306b', '#4292c6'],
  handled: ['#d62728', '#fc8d59', '#a50f15', '#fcbba1', '#67000d', '#ef3b2c'],
} as const;

const shade = (palette: readonly string[], step: number) => palette[step % palette.length];
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Latency by percentile as HdrHistogram plots it: x is log10(1 / (1 - p)), so 90 %, 99 %,
 * 99.9 % … are evenly spaced and the tail gets the room it deserves.
 */
export function percentilePoints(histogram: Histogram, maxMs: number | null): [number, number][] {
  if (histogram.totalCount === 0 || maxMs === null) return [];
  // The encoded histogram keeps its max only to bucket precision; the result's exact max bounds every point.
  const max = maxMs * 1000;
  const reach = Math.min(6, Math.log10(histogram.totalCount) + 0.3);
  const points: [number, number][] = [];
  for (let x = 0; x <= reach + 1e-9; x += 0.05) {
    const percentile = 100 * (1 - 10 ** -x);
    points.push([x, latencyAtPercentile(histogram, percentile, max) / 1000]);
  }
  points.push([reach, maxMs]);
  return points;
}

const PERCENTILE_TICKS: [number, string][] = [
  [0, '0%'],
  [1, '90%'],
  [2, '99%'],
  [3, '99.9%'],
  [4, '99.99%'],
  [5, '99.999%'],
  [6, '99.9999%'],
];

function summaryRow(label: string, s: LatencySummary | undefined): string {
  if (!s) return `<tr><td>${label}</td><td colspan="6">not measured (no --consumer-url)</td></tr>`;
  return `<tr><td>${label}</td>${[s.p50, s.p90, s.p99, s.p999, s.max, s.mean].map((v) => `<td>${v === null ? '–' : v.toFixed(2)}</td>`).join('')}</tr>`;
}

function stepSection(step: StepResult, index: number): string {
  const errors =
    Object.entries(step.errors)
      .map(([k, n]) => `${escape(k)}: ${n}`)
      .join(', ') || 'none';
  return `<h3>Step ${index + 1}: ${step.rate.toLocaleString('en-US')} events/s (run id ${escape(step.runId)})</h3>
<p>planned ${step.planned.toLocaleString('en-US')} · sent ${step.sent.toLocaleString('en-US')} · acknowledged ${step.acked.toLocaleString('en-US')} ·
handled ${step.handled === null ? 'n/a' : step.handled.toLocaleString('en-US')} · errors ${errors} ·
achieved ${Math.round(step.achievedRate).toLocaleString('en-US')} events/s over ${step.sendingSeconds.toFixed(1)} s${step.interrupted ? ' · <b>interrupted</b>' : ''}${step.handled !== null && !step.drained ? ' · <b>not drained</b>' : ''}</p>
<table><tr><th>latency (ms)</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>mean</th></tr>
${summaryRow('acknowledged', step.ackLatency.summary)}
${summaryRow('end to end (handled)', step.endToEndLatency?.summary)}
</table>`;
}

/** The run as one HTML file with inline SVG charts: opens offline, nothing to fetch. */
export function htmlReport(result: LoadResult): string {
  const percentileSeries: Series[] = [];
  const throughput: Series[] = [
    { name: 'sent/s', color: REPORT_COLORS.sent[0], points: [] },
    { name: 'acknowledged/s', color: REPORT_COLORS.acknowledged[0], points: [] },
    { name: 'handled/s', color: REPORT_COLORS.handled[0], points: [] },
  ];
  const latencyOverTime: Series[] = [
    { name: 'ack p99', color: REPORT_COLORS.acknowledged[0], points: [] },
    { name: 'end-to-end p99', color: REPORT_COLORS.handled[0], points: [] },
    { name: 'end-to-end p50', color: REPORT_COLORS.handled[0], dashed: true, points: [] },
  ];
  let offset = 0;
  result.steps.forEach((step, i) => {
    const ack = step.ackLatency;
    percentileSeries.push({
      name: `${step.rate}/s ack`,
      color: shade(REPORT_COLORS.acknowledged, i),
      points: percentilePoints(decodeHistogram(ack.histogram), ack.summary.max),
    });
    const e2e = step.endToEndLatency;
    if (e2e)
      percentileSeries.push({
        name: `${step.rate}/s end to end`,
        color: shade(REPORT_COLORS.handled, i),
        points: percentilePoints(decodeHistogram(e2e.histogram), e2e.summary.max),
      });
    for (const s of step.timeline) {
      const t = offset + s.second;
      throughput[0].points.push([t, s.sent]);
      throughput[1].points.push([t, s.acked]);
      if (step.handled !== null) throughput[2].points.push([t, s.handled]);
      // Seconds without acknowledgements or handled events have no latency to draw.
      if (s.acked > 0) latencyOverTime[0].points.push([t, s.ackP99Ms]);
      if (step.handled !== null && s.handled > 0) {
        latencyOverTime[1].points.push([t, s.endToEndP99Ms]);
        latencyOverTime[2].points.push([t, s.endToEndP50Ms]);
      }
    }
    offset += step.timeline.length;
  });
  const config = result.config;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>streamline load ${escape(result.runId)}</title>
<style>body{font-family:sans-serif;max-width:900px;margin:24px auto;color:#222}table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}code{background:#f4f4f4;padding:1px 4px}</style>
</head><body>
<h1>streamline load — ${escape(result.runId)}</h1>
<p>${escape(result.startedAt)} → ${escape(result.finishedAt)}${result.interrupted ? ' (<b>interrupted</b>)' : ''}<br>
via <code>${escape(config.via)}</code>${config.url ? ` ${escape(config.url)}` : ''}${config.batch > 1 ? `, batches of ${config.batch}` : ''} ·
${config.types ? `types ${config.types.map((t) => `${escape(t.type)}×${t.weight}`).join(', ')}` : 'order stories'} · ${config.keys} keys · seed ${config.seed}<br>
${escape(result.environment.node)} on ${escape(result.environment.os)}, ${result.environment.cpus} × ${escape(result.environment.cpuModel)}, load average ${result.environment.loadAverage.join(' ')}</p>
<p>Latencies are measured from each event's <em>intended</em> send time (open model, coordinated omission corrected).</p>
${lineChart({ title: 'Latency by percentile', xLabel: 'percentile', yLabel: 'latency (ms)', series: percentileSeries, xTicks: PERCENTILE_TICKS.filter(([x]) => x <= Math.max(1, ...percentileSeries.flatMap((s) => s.points.map((p) => p[0])))) })}
${lineChart({ title: 'Throughput over time', xLabel: 'seconds', yLabel: 'events per second', series: throughput })}
${lineChart({ title: 'Latency over time', xLabel: 'seconds', yLabel: 'latency (ms)', series: latencyOverTime })}
${result.steps.map(stepSection).join('\n')}
</body></html>
`;
}
