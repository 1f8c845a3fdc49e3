import { newLatencyHistogram } from '@streamline/kafka';
import { htmlReport, percentilePoints, REPORT_COLORS } from './html-report';
import { decodeHistogram, latencyRecord } from './latency-summary';
import { LoadResult, StepResult } from './load-result';

const histogramOf = (values: number[]) => {
  const h = newLatencyHistogram();
  values.forEach((v) => h.recordValue(v));
  return h;
};

function step(rate: number, withEndToEnd: boolean): StepResult {
  const latencies = Array.from({ length: 2000 }, (_, i) => 5_000 + i * 11);
  return {
    rate,
    runId: `r-${rate}`,
    startedAt: '2026-12-02T00:00:00.000Z',
    sendingSeconds: 2,
    planned: 2000,
    sent: 2000,
    acked: 2000,
    handled: withEndToEnd ? 2000 : null,
    errors: {},
    achievedRate: rate,
    drained: true,
    interrupted: false,
    unreachableConsumers: [],
    ackLatency: latencyRecord(histogramOf(latencies)),
    endToEndLatency: withEndToEnd ? latencyRecord(histogramOf(latencies.map((l) => l * 2 + 1))) : null,
    timeline: [0, 1].map((second) => ({
      second,
      sent: rate,
      acked: rate,
      errors: 0,
      ackP50Ms: 5,
      ackP99Ms: 9,
      handled: withEndToEnd ? rate : 0,
      endToEndP50Ms: 12,
      endToEndP99Ms: 30,
    })),
  };
}

const result = (steps: StepResult[]) =>
  ({
    kind: 'streamline-load-result',
    version: 1,
    runId: 'spec',
    startedAt: '',
    finishedAt: '',
    interrupted: false,
    config: { via: 'http', url: 'http://127.0.0.1:1', batch: 1, keys: 10, seed: 1 },
    environment: { node: 'v24', os: 'linux', cpus: 2, cpuModel: 'cpu', memoryGb: 4, hostname: 'h', loadAverage: [0, 0, 0] },
    steps,
  }) as unknown as LoadResult;

/** Every line drawn, legend or chart, as [colour, name]. */
function seriesColours(page: string): [string, string][] {
  return [...page.matchAll(/<polyline fill="none" stroke="([^"]+)"[^>]*><title>([^<]+)<\/title>/g)].map((m) => [m[1], m[2]]);
}

describe('HTML report', () => {
  it('keeps one meaning per colour across its charts: sent, acknowledged, handled', () => {
    const page = htmlReport(result([step(100, true), step(200, true), step(400, false)]));
    const kindOf = (name: string) => (/ack/.test(name) ? 'acknowledged' : /end.to.end|handled/.test(name) ? 'handled' : /sent/.test(name) ? 'sent' : name);
    const meanings = new Map<string, Set<string>>();
    for (const [colour, name] of seriesColours(page)) meanings.set(colour, (meanings.get(colour) ?? new Set()).add(kindOf(name)));
    expect(meanings.size).toBeGreaterThan(3);
    for (const [colour, kinds] of meanings) {
      expect({ colour, kinds: [...kinds] }).toEqual({ colour, kinds: [expect.stringMatching(/^(sent|acknowledged|handled)$/)] });
      expect((REPORT_COLORS[[...kinds][0] as keyof typeof REPORT_COLORS] as readonly string[]).includes(colour)).toBe(true);
    }
  });

  it('draws no percentile above the max the result states', () => {
    const s = step(100, true);
    for (const latency of [s.ackLatency, s.endToEndLatency!]) {
      const points = percentilePoints(decodeHistogram(latency.histogram), latency.summary.max);
      expect(points.length).toBeGreaterThan(10);
      expect(Math.max(...points.map(([, ms]) => ms))).toBe(latency.summary.max);
    }
  });

  it('shows – for figures that were not measured', () => {
    const empty = { ...step(100, false), acked: 0, ackLatency: latencyRecord(newLatencyHistogram()), errors: { connection: 2000 } };
    const page = htmlReport(result([empty]));
    expect(page).toMatch(/<tr><td>acknowledged<\/td>(<td>–<\/td>){6}<\/tr>/);
  });
});
