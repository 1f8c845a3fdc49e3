import { readFileSync } from 'node:fs';
import { Scenario } from '../scenario';
import { AbuseTally, AbusiveClients, describeAbuse } from '../traffic/abusive-clients';
import { loadFor } from './load-size';

/** Resident memory of a process in MiB (0 once it is gone). */
function rssMib(pid: number | undefined): number {
  let status = '';
  try {
    if (pid !== undefined) status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // exited between two samples
  }
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The ingest while clients abuse it, with the producer's default limits: hundreds of connections
 * sending their headers a byte a second, bodies announced at 2 GiB and chunked ones without end,
 * floods of 5,000 headers, ids that are not UTF-8, bodies shorter than announced. The order
 * traffic goes on beside them: it must keep being accepted and applied as on a quiet day, every
 * abusive request must get the answer that names its fault (408, 413, 431, 400; a reset counts
 * for a body the server stopped reading), and none of their events may reach the log.
 */
export const ingestAbuse: Scenario = {
  name: 'ingest-abuse',
  title: 'slow headers, 2 GiB and endless bodies, header floods, ids not UTF-8 and short bodies beside the traffic, for 40 s',
  needs: { brokers: 1, database: 'postgres', consumers: 1 },
  inShort: false,
  run: async (ctx) => {
    const sizes = ctx.short
      ? { slowHeaders: 50, hugeBodies: 1, headerFloods: 1, invalidUtf8: 1, shortBodies: 2 }
      : { slowHeaders: 200, hugeBodies: 2, headerFloods: 2, invalidUtf8: 2, shortBodies: 4 };
    const abuse = new AbusiveClients(() => ctx.stack.producer.port, sizes);
    const seconds = ctx.short ? 20 : 40;
    let tallies: AbuseTally[] = [];
    const window = { quietFrom: 0, from: 0, to: 0 };
    const rss = { before: 0, peak: 0 };
    const counts = await ctx.underLoad(loadFor(ctx, seconds + 20), async () => {
      window.quietFrom = Date.now();
      await ctx.sleep(10_000, 'traffic before the abuse');
      rss.before = rss.peak = rssMib(ctx.stack.producer.pid);
      window.from = Date.now();
      abuse.start();
      const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, rssMib(ctx.stack.producer.pid))), 500);
      try {
        await ctx.sleep(seconds * 1000, 'abuse');
      } finally {
        clearInterval(sampler);
        tallies = await abuse.stop();
        window.to = Date.now();
      }
      ctx.log('abuse over');
    });

    const { lines, unexpected } = describeAbuse(tallies);
    const quiet = ctx.acceptTimes(window.quietFrom, window.from);
    const abused = ctx.acceptTimes(window.from, window.to);
    const ms = (values: number[]) => `p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms`;
    counts.notes.push(
      `the traffic's 202s before the abuse ${ms(quiet)} (${quiet.length}), during it ${ms(abused)} (${abused.length})`,
      `producer memory ${rss.before.toFixed(0)} MiB before, at most ${rss.peak.toFixed(0)} MiB during`,
      ...lines,
    );
    if (unexpected > 0) counts.notes.push(`**${unexpected} abusive request(s) got an answer other than the one naming their fault**`);
    if (!ctx.stack.producer.running) counts.notes.push('**the producer was not running at the end**');
    return counts;
  },
};
