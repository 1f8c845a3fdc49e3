import { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@streamline/kafka';
import { decodeHistogram } from './latency-summary';

/** End-to-end latency of one load run, merged over every consumer instance asked. */
export interface EndToEndView {
  handled: number;
  histogram: Histogram;
  /** Per epoch second of handling. */
  seconds: Map<number, Histogram>;
  /** Consumer URLs that could not be asked, with why. */
  unreachable: string[];
}

interface Snapshot {
  handled: number;
  histogram: string;
  timeline: { second: number; handled: number; histogram: string }[];
}

/** Reads `GET <consumer>/load-runs/:runId` from each consumer instance and merges the answers. */
export async function fetchEndToEnd(consumerUrls: string[], runId: string, timeoutMs = 5000): Promise<EndToEndView> {
  const view: EndToEndView = { handled: 0, histogram: newLatencyHistogram(), seconds: new Map(), unreachable: [] };
  await Promise.all(
    consumerUrls.map(async (url) => {
      try {
        const response = await fetch(`${url}/load-runs/${encodeURIComponent(runId)}`, { signal: AbortSignal.timeout(timeoutMs) });
        if (response.status === 404) return; // this instance handled none of the run (yet)
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const snapshot = (await response.json()) as Snapshot;
        view.handled += snapshot.handled;
        view.histogram.add(decodeHistogram(snapshot.histogram));
        for (const s of snapshot.timeline) {
          let h = view.seconds.get(s.second);
          if (!h) view.seconds.set(s.second, (h = newLatencyHistogram()));
          h.add(decodeHistogram(s.histogram));
        }
      } catch (error) {
        view.unreachable.push(`${url}: ${(error as Error).message}`);
      }
    }),
  );
  return view;
}
