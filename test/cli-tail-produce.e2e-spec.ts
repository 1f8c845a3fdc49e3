import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { jsonLines, runCli, startCli } from './support/cli-process';
import { orderPlacedData } from './support/orders';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { KafkaTools, runKafkaTool } from '@streamline/local-broker';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './support/wait-for';
import { createTopicsReady } from './support/kafkajs-oracle';

/** `streamline produce` and `streamline tail`: events in, decoded events out. */
describe('streamline produce and tail', () => {
  const prefix = `${randomName('cli-tail')}.`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };

  beforeAll(async () => {
    expect((await runCli(['topics', 'create'], env)).code).toBe(0);
  });

  it('publishes one event from a file and from stdin, validated first, and tails it back as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-tail-'));
    const data = orderPlacedData(randomUUID(), 1);
    writeFileSync(join(dir, 'order.json'), JSON.stringify(data));
    const fromFile = await runCli(['produce', 'order.placed.v1', '--data', join(dir, 'order.json'), '--id', 'evt-1', '--json'], env);
    expect(fromFile.code).toBe(0);
    const [published] = jsonLines(fromFile.stdout);
    expect(published).toMatchObject({ id: 'evt-1', type: 'order.placed.v1', topic: `${prefix}orders`, partition: expect.any(Number), offset: '0' });

    const paid = { orderId: data.orderId, paymentId: 'pay-1', amount: 9.99, currency: 'EUR', paidAt: '2026-11-23T10:00:00Z' };
    const fromStdin = await runCli(
      ['produce', 'order.paid.v1', '--data', '-'],
      env,
      JSON.stringify({ specversion: '1.0', id: 'evt-2', source: '/checkout', data: paid }),
    );
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(`order.paid.v1 evt-2 -> ${prefix}orders/${published.partition}@1\n`);

    const invalid = await runCli(['produce', 'order.paid.v1', '--data', '-'], env, JSON.stringify({ ...paid, currency: 'euro', amount: -1 }));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      'error: the order.paid.v1 event is invalid; nothing was published:\n  - amount: amount must be a number of at least 0\n  - currency: currency must be an ISO 4217 code of three capital letters\n',
    );

    const tail = await runCli(['tail', 'orders', '--from', 'beginning', '--no-follow', '--key', data.orderId, '--json'], env);
    expect(tail.code).toBe(0);
    const events = jsonLines(tail.stdout);
    expect(events.map((e) => [e.headers.ce_id, e.type, e.offset, e.valid])).toEqual([
      ['evt-1', 'order.placed.v1', '0', true],
      ['evt-2', 'order.paid.v1', '1', true],
    ]);
    expect(events[1]).toMatchObject({
      key: data.orderId,
      partition: published.partition,
      data: paid,
      headers: { ce_source: '/checkout', ce_specversion: '1.0' },
    });
    expect(Date.parse(events[0].timestamp)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('publishes seeded sample events that repeat with the same seed', async () => {
    const missing = await runCli(['produce', 'order.placed.v1', '--sample', '1', '--prefix', `${prefix}a.`], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: unknown topic "${prefix}a.orders" on ${testBrokers().join(',')}`);
    expect(missing.stderr).toContain("create the registry's topics with: streamline topics create");
    for (const p of ['a.', 'b.']) expect((await runCli(['topics', 'create', '--prefix', `${prefix}${p}`], env)).code).toBe(0);
    const first = await runCli(['produce', 'order.placed.v1', '--sample', '20', '--seed', '7', '--json', '--prefix', `${prefix}a.`], env);
    const second = await runCli(['produce', 'order.placed.v1', '--sample', '20', '--seed', '7', '--json', '--prefix', `${prefix}b.`], env);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const ids = (out: string) => jsonLines(out).map((r) => `${r.id}@${r.partition}`);
    expect(ids(first.stdout)).toHaveLength(20);
    expect(ids(second.stdout)).toEqual(ids(first.stdout));
    const sampled = jsonLines((await runCli(['tail', `${prefix}a.orders`, '--from', 'beginning', '--no-follow', '--json'], env)).stdout);
    expect(sampled).toHaveLength(20);
    expect(sampled.every((e) => e.valid)).toBe(true);
  });

  it('follows new events, filters by type, marks what does not validate, and stops at the limit', async () => {
    const run = startCli(['tail', 'orders', '--type', 'order.placed.v1', '--limit', '2'], env);
    // Keep writing until tail has seen its two events: it starts at the end of the log.
    const poison = `ce_specversion:1.0,ce_id:${randomUUID()},ce_source:/legacy,ce_type:order.placed.v1`;
    const writer = (async () => {
      while (run.process.exitCode === null) {
        await runKafkaTool(
          KafkaTools.consoleProducer,
          [
            '--bootstrap-server',
            testBrokers()[0],
            '--topic',
            `${prefix}orders`,
            '--property',
            'parse.key=true',
            '--property',
            'key.separator=\t',
            '--property',
            'parse.headers=true',
            '--property',
            'headers.delimiter=\t',
          ],
          {
            input: `${poison}\tlegacy\t{"orderId":"nope"}\n`,
          },
        );
        await runCli(
          ['produce', 'order.paid.v1', '--data', '-'],
          env,
          JSON.stringify({ orderId: randomUUID(), paymentId: 'p', amount: 1, currency: 'EUR', paidAt: '2026-11-23T10:00:00Z' }),
        );
      }
    })();
    const result = await run.done;
    await writer;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(
        /^\S+Z \S+orders\/\d+@\d+ key=legacy order\.placed\.v1 id=\S+ INVALID invalid-data: order\.placed\.v1 is invalid: orderId .*\| \{"orderId":"nope"\}$/,
      );
    }
    expect(result.stderr).toContain('2 event(s) shown; limit of 2 reached');
  });

  it('shows every record once, when following and across many fetches of one partition', async () => {
    const kafka = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const single = `${prefix}single`;
    await createTopicsReady(admin, [{ topic: single, numPartitions: 1 }]);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // 4000 records of about 1 KB: several fetches (kafkajs asks for 1 MiB per partition at a time).
    const padding = 'x'.repeat(1000);
    for (let chunk = 0; chunk < 4; chunk++) {
      await producer.send({
        topic: single,
        acks: -1,
        messages: Array.from({ length: 1000 }, (_, i) => ({ key: `k${chunk * 1000 + i}`, value: JSON.stringify({ n: chunk * 1000 + i, padding }) })),
      });
    }
    const bounded = await runCli(['tail', 'single', '--from', 'beginning', '--no-follow', '--json'], env);
    expect(bounded.code).toBe(0);
    const offsets = jsonLines(bounded.stdout).map((e) => Number(e.offset));
    expect(offsets).toEqual(Array.from({ length: 4000 }, (_, i) => i));

    const follow = startCli(['tail', 'single', '--from', 'beginning'], env);
    await waitFor('tail to show the 4000 records', () => follow.stdout().split('\n').length > 4000, { timeoutMs: 60_000 });
    await producer.send({ topic: single, acks: -1, messages: [{ key: 'last', value: '{"n":4000}' }] });
    await waitFor('tail to show the new record', () => follow.stdout().includes('key=last'));
    follow.process.kill('SIGINT');
    const result = await follow.done;
    await producer.disconnect();
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4001);
    expect(new Set(lines.map((l) => /@(\d+) /.exec(l)![1])).size).toBe(4001);
    expect(result.stderr).toContain('4001 event(s) shown; interrupted');
  });
});
