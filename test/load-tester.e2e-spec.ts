import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, KafkaModule, parseEpochMicros, wallEpochMicros } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { LoadRunsController } from '../apps/consumer/src/load/load-runs.controller';
import { AppProcess, freePort, startApp } from './support/app-process';
import { runCli, startCli } from './support/cli-process';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

const dir = mkdtempSync(join(tmpdir(), 'streamline-load-'));
const file = (name: string) => join(dir, name);
const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** `streamline load` against the real producer and consumer services. */
describe('streamline load', () => {
  const prefix = `${randomName('load')}.`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: randomName('load-group') };
  let producer: AppProcess;
  let consumer: AppProcess;

  beforeAll(async () => {
    producer = await startApp('producer', env);
    consumer = await startApp('consumer', env, '/health/ready');
  });
  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
  });

  const load = (args: string[]) => runCli(['load', ...args], env);

  it.each([
    ['single HTTP requests', ['--url', 'URL']],
    ['CloudEvents batches over HTTP', ['--url', 'URL', '--batch', '10', '--types', 'order.placed.v1']],
    ['the producer library straight to Kafka', ['--via', 'kafka']],
  ])('counts every event exactly through %s: sent = acknowledged = handled', async (_, via) => {
    // Order stories by default (placed, paid, shipped or cancelled per key): every event is legal for the read model.
    const out = file(`${randomName('counts')}.json`);
    const args = via.map((a) => (a === 'URL' ? producer.url : a));
    const run = await load([...args, '--rate', '200/s', '--count', '300', '--keys', '50', '--consumer-url', consumer.url, '--out', out]);
    expect(run.code).toBe(0);
    const [step] = readResult(out).steps;
    expect(step).toMatchObject({ planned: 300, sent: 300, acked: 300, handled: 300, errors: {}, drained: true, interrupted: false });
    expect(step.ackLatency.summary.count).toBe(300);
    expect(step.endToEndLatency.summary.count).toBe(300);
    expect(step.timeline.reduce((n: number, s: { handled: number }) => n + s.handled, 0)).toBe(300);
    expect(run.stdout).toMatch(/^200\/s\s+\d+\s+300\s+300\s+300\s+0\s/m);
  });

  // 30/s and 70/s do not divide a second: intended times fall between microseconds.
  it('steps through rates, each a run of its own, and writes an HTML report that needs nothing online', async () => {
    const out = file('steps.json');
    const html = file('steps.html');
    const run = await load([
      '--url',
      producer.url,
      '--rate',
      '30,70',
      '--count',
      '60',
      '--consumer-url',
      consumer.url,
      '--out',
      out,
      '--html',
      html,
      '--run-id',
      'steps-test',
    ]);
    expect(run.code).toBe(0);
    const result = readResult(out);
    expect(result.steps.map((s: { rate: number; runId: string; sent: number; handled: number }) => [s.rate, s.runId, s.sent, s.handled])).toEqual([
      [30, 'steps-test-s1', 60, 60],
      [70, 'steps-test-s2', 60, 60],
    ]);
    // HdrHistogram answers a percentile with the top of its bucket; none may read above the max.
    for (const step of result.steps) {
      for (const { summary } of [step.ackLatency, step.endToEndLatency]) {
        expect([summary.p50, summary.p90, summary.p99, summary.p999].every((p: number) => p <= summary.max)).toBe(true);
      }
    }
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(3);
    const rows = [...page.matchAll(/<tr><td>(?:acknowledged|end to end \(handled\))<\/td>((?:<td>[\d.]+<\/td>){6})<\/tr>/g)];
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const [p50, p90, p99, p999, max] = [...row[1].matchAll(/[\d.]+/g)].map((m) => Number(m[0]));
      expect([p50, p90, p99, p999].every((p) => p <= max)).toBe(true);
    }
    expect(page).toContain('Latency by percentile');
    expect(page).not.toMatch(/<script|<link|src=|@import/);
  });

  it('stops on Ctrl-C, writes what it gathered, and exits 130', async () => {
    const out = file('interrupted.json');
    const run = startCli(
      ['load', '--url', producer.url, '--rate', '50/s', '--duration', '5m', '--consumer-url', consumer.url, '--out', out, '--run-id', 'interrupted-test'],
      env,
    );
    await waitFor('the consumer to handle events of the run', async () => {
      const response = await fetch(`${consumer.url}/load-runs/interrupted-test`);
      return response.ok && ((await response.json()) as { handled: number }).handled >= 20;
    });
    run.process.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    const result = readResult(out);
    expect(result.interrupted).toBe(true);
    const [step] = result.steps;
    expect(step.sent).toBeGreaterThanOrEqual(20);
    expect(step.sent).toBeLessThan(step.planned);
    expect(step.acked + Object.values(step.errors as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(step.sent);
    expect(step.handled).toBeGreaterThanOrEqual(20);
  });

  it('compare exits 0 without a regression, 1 when the gated percentile grew past the threshold, 2 on bad usage', async () => {
    const baseline = file('baseline.json');
    expect((await load(['--via', 'kafka', '--rate', '100/s', '--count', '100', '--consumer-url', consumer.url, '--out', baseline])).code).toBe(0);
    const slower = file('slower.json');
    const result = readResult(baseline);
    const e2e = result.steps[0].endToEndLatency.summary;
    // Exactly 50 % slower, whatever the machine measured: past a 10 % threshold, within 60 %.
    expect(e2e.p99).toBeGreaterThan(0);
    e2e.p99 = e2e.p99 * 1.5;
    writeFileSync(slower, JSON.stringify(result));

    const same = await runCli(['load', 'compare', baseline, baseline], env);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^1\s+100\/s\s+end-to-end\s+p99\s/m);

    const regressed = await runCli(['load', 'compare', baseline, slower, '--percentile', 'p99', '--threshold', '10%'], env);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/p99.*REGRESSED/);
    expect(regressed.stderr).toContain('p99 regressed by more than 10.0%');

    expect((await runCli(['load', 'compare', baseline, slower, '--threshold', '60%'], env)).code).toBe(0);
    expect((await runCli(['load', 'compare', baseline, slower, '--percentile', 'p50'], env)).code).toBe(0);
    expect((await runCli(['load', 'compare', baseline, slower, '--threshold', 'lots'], env)).code).toBe(2);
    expect((await runCli(['load', 'compare', baseline, file('missing.json')], env)).code).toBe(2);
    writeFileSync(file('other.json'), '{"hello":1}');
    const other = await runCli(['load', 'compare', baseline, file('other.json')], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is not a streamline load result');
  });

  it('refuses a run without an end or without a target, naming the flag (exit 2)', async () => {
    const endless = await load(['--url', producer.url, '--rate', '100/s']);
    expect(endless.code).toBe(2);
    expect(endless.stderr).toContain('give --duration');
    const nowhere = await load(['--rate', '100/s', '--count', '10']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('--via http needs --url');
    const badRate = await load(['--url', producer.url, '--rate', 'fast', '--count', '10']);
    expect(badRate.code).toBe(2);
  });
});

/**
 * End-to-end latency is the time from an event's intended send to the end of its handler. Here
 * the handler sleeps a known time and measures that same span itself; the load tester's
 * histogram, fetched from the consumer, must agree with it.
 */
describe('streamline load: end-to-end latency against a handler of known delay', () => {
  const DELAY_MS = 100;
  const prefix = `${randomName('load-delay')}.`;
  const own: number[] = [];
  let app: INestApplication;
  let url: string;

  @Injectable()
  class SlowOrderHandler {
    @EventHandler('order.placed.v1')
    async handle(event: EventEnvelope): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
      own.push((wallEpochMicros() - parseEpochMicros(event.time)!) / 1000);
    }
  }

  @Module({ providers: [SlowOrderHandler], controllers: [LoadRunsController] })
  class SlowConsumerModule {}

  beforeAll(async () => {
    app = await NestFactory.create(
      {
        module: SlowConsumerModule,
        imports: [
          KafkaModule.forRoot({
            brokers: testBrokers(),
            client: testClient(),
            topicPrefix: prefix,
            registry: orderRegistry,
            createTopics: true,
            consumer: { groupId: randomName('slow'), retryDelaysMs: [] },
          }),
        ],
      },
      { logger: ['error'] },
    );
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reports what the handler itself measured, never less than its delay', async () => {
    const out = file('known-delay.json');
    const run = await runCli(['load', '--via', 'kafka', '--rate', '20/s', '--count', '40', '--types', 'order.placed.v1', '--consumer-url', url, '--out', out], {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
    });
    expect(run.code).toBe(0);
    const e2e = readResult(out).steps[0].endToEndLatency.summary;
    expect(e2e.count).toBe(40);
    expect(own).toHaveLength(40);
    own.sort((a, b) => a - b);
    const ownMedian = own[19];
    // HDR keeps 3 significant digits; the probe runs just after the handler returns.
    expect(Math.min(...own)).toBeGreaterThanOrEqual(DELAY_MS);
    expect(e2e.p50).toBeGreaterThanOrEqual(DELAY_MS);
    expect(e2e.p50).toBeGreaterThanOrEqual(own[18] * 0.999);
    // The probe runs after the handler returns, on the same event loop: on a busy machine that
    // turn can come tens of milliseconds later.
    expect(e2e.p50).toBeLessThanOrEqual(own[20] * 1.001 + 30);
    expect(e2e.max).toBeGreaterThanOrEqual(own[39] * 0.999);
    expect(e2e.max).toBeLessThanOrEqual(own[39] * 1.001 + 30);
    expect(Math.abs(e2e.p50 - ownMedian)).toBeLessThan(ownMedian * 0.05 + 5);
  });
});
