import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContenderResult } from '../contenders/contender';
import { BenchTopics } from '../support/bench-broker';
import { startService } from '../support/service-process';
import { summarize } from '../support/stats';
import { ContenderSummary, Scenario } from './scenario';

interface LoadStep {
  rate: number;
  achievedRate: number;
  sent: number;
  acked: number;
  handled: number | null;
  errors: Record<string, number>;
  drained: boolean;
  ackLatency: { summary: Record<string, number> };
  endToEndLatency: { summary: Record<string, number> } | null;
}

/** Runs the built `streamline load` and reads its JSON result. */
function streamlineLoad(args: string[], env: Record<string, string>): Promise<{ steps: LoadStep[] }> {
  const dir = join(process.cwd(), '.streamline', 'bench');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `load-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'apps', 'cli', 'main.js'), 'load', ...args, '--out', out], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`streamline load ended with ${code}: ${stderr}`));
      resolve(JSON.parse(readFileSync(out, 'utf8')) as { steps: LoadStep[] });
    });
  });
}

/**
 * End-to-end latency through the whole pipeline at fixed rates: `streamline load` posts order
 * stories to the producer service, the consumer service (read model in embedded PostgreSQL)
 * handles them; latency is intended send → handled.
 */
export const endToEndScenario: Scenario = async (context) => {
  const { plan } = context;
  const topicPrefix = context.prefix('e2e.');
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  await topics.create(topicPrefix);
  const env = { KAFKA_BROKERS: context.brokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix };
  const producer = await startService('producer', env);
  const consumer = await startService('consumer', { ...env, KAFKA_GROUP_ID: context.prefix('e2e-group') });
  try {
    const runs = new Map<number, ContenderResult[]>(plan.e2eRates.map((r) => [r, []]));
    for (let rep = 0; rep < plan.longReps; rep++) {
      const result = await streamlineLoad(
        [
          '--rate',
          plan.e2eRates.join(','),
          '--duration',
          `${plan.e2eSeconds}s`,
          '--url',
          producer.url,
          '--consumer-url',
          consumer.url,
          '--seed',
          String(rep + 1),
        ],
        env,
      );
      for (const step of result.steps) {
        const e2e = step.endToEndLatency?.summary ?? {};
        const errors = Object.values(step.errors).reduce((a, b) => a + b, 0);
        context.log(
          `  ${step.rate}/s #${rep + 1}: achieved ${Math.round(step.achievedRate)}/s, sent ${step.sent}, acked ${step.acked}, handled ${step.handled}, errors ${errors}, end to end p50 ${e2e.p50} p99 ${e2e.p99} p99.9 ${e2e.p999} max ${e2e.max} ms`,
        );
        runs.get(step.rate)!.push({
          count: step.handled ?? 0,
          seconds: plan.e2eSeconds,
          rate: step.achievedRate,
          peakRssMb: 0,
          p99Ms: e2e.p99,
          details: {
            sent: step.sent,
            acked: step.acked,
            handled: step.handled,
            errors: step.errors,
            drained: step.drained,
            ack: step.ackLatency.summary,
            endToEnd: e2e,
          },
        });
      }
    }
    const contenders: ContenderSummary[] = plan.e2eRates.map((rate) => {
      const results = runs.get(rate)!;
      const median = (pick: (r: ContenderResult) => number) => summarize(results.map(pick)).median;
      const e2e = (key: string) => Math.round(median((r) => (r.details!.endToEnd as Record<string, number>)[key] ?? NaN) * 10) / 10;
      const handledShare = median((r) => Number(r.details!.handled) / Number(r.details!.sent));
      return {
        name: `load-${rate}`,
        label: `streamline load at ${rate.toLocaleString('en-US')}/s, end-to-end p99`,
        summary: summarize(results.map((r) => r.p99Ms ?? NaN)),
        results,
        note: `p50 ${e2e('p50')} ms, p99.9 ${e2e('p999')} ms, max ${e2e('max')} ms, achieved ${Math.round(median((r) => r.rate))}/s, handled ${(handledShare * 100).toFixed(1)} %`,
      };
    });
    return {
      id: 'end-to-end',
      title: 'End to end at fixed rates (HTTP → producer → Kafka → consumer)',
      unit: 'ms',
      higherIsBetter: false,
      setup: { rates: plan.e2eRates, secondsPerStep: plan.e2eSeconds, traffic: 'order stories, 1000 keys' },
      contenders,
      targets: [],
    };
  } finally {
    await Promise.all([producer.stop(), consumer.stop()]);
    await topics.close();
  }
};
