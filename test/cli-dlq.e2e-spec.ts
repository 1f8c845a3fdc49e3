import { randomUUID } from 'node:crypto';
import { KafkaTools, runKafkaTool } from '@streamline/local-broker';
import { AppProcess, startApp } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { getJson, paid, placed, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** `streamline dlq`: dead letters of the consumer service listed, shown, and re-driven after the fix. */
describe('streamline dlq', () => {
  const prefix = `${randomName('cli-dlq')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  const dlq = `orders.${group}.dlq`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const orderIds = Array.from({ length: 5 }, () => randomUUID());
  let consumer: AppProcess;

  beforeAll(async () => {
    consumer = await startApp('consumer', { ...env, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory', CONSUMER_RETRY_DELAYS_MS: 'none' }, '/health/ready');
    // Payments that arrive before their orders: illegal in the order's state, dead-lettered.
    await produce(
      topic,
      orderIds.map((id) => paid(id, 25)),
    );
    // Poison from a client that is not ours: CloudEvents headers, but a value that is not JSON.
    const headers = `ce_specversion:1.0,ce_id:${randomUUID()},ce_source:/legacy,ce_type:order.placed.v1`;
    const result = await runKafkaTool(
      KafkaTools.consoleProducer,
      [
        '--bootstrap-server',
        testBrokers()[0],
        '--topic',
        topic,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=\t',
        '--property',
        'parse.headers=true',
        '--property',
        'headers.delimiter=\t',
      ],
      { input: `${headers}\tlegacy-1\t<order id="1"/>\n${headers.replace(/ce_id:[^,]+/, `ce_id:${randomUUID()}`)}\tlegacy-2\tnot json either\n` },
    );
    expect(result.code).toBe(0);
    expect((await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await consumer?.stop();
  });

  it('lists the dead letters by reason and type, and shows them with their error headers', async () => {
    const list = await runCli(['dlq', 'list', dlq], env);
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toBe(`7 dead letter(s) in ${prefix}${dlq}`);
    expect(lines[1].split(/\s{2,}/)).toEqual(['REASON', 'TYPE', 'COUNT', 'REDRIVEN', 'SOURCE', 'FIRST FAILED', 'LAST FAILED']);
    expect(lines[2].split(/\s+/).slice(0, 5)).toEqual(['illegal-state', 'order.paid.v1', '5', '0', topic]);
    expect(lines[3].split(/\s+/).slice(0, 5)).toEqual(['not-json', 'order.placed.v1', '2', '0', topic]);

    const shown = await runCli(['dlq', 'show', dlq, '--reason', 'illegal-state', '--json'], env);
    expect(shown.code).toBe(0);
    const letters = jsonLines(shown.stdout);
    expect(letters.map((l) => l.key).sort()).toEqual([...orderIds].sort());
    for (const letter of letters) {
      expect(letter).toMatchObject({ reason: 'illegal-state', type: 'order.paid.v1', sourceTopic: topic, group, attempts: 1, errorName: 'IllegalStateError' });
      expect(letter.message).toContain('is not known; it cannot be paid');
      expect(letter.data).toMatchObject({ orderId: letter.key, amount: 25 });
    }
    const text = await runCli(['dlq', 'show', dlq, '--reason', 'not-json', '--limit', '1'], env);
    expect(text.stdout).toMatch(
      /^.*\.dlq\/\d+@\d+ key=legacy-\d type=order\.placed\.v1\n  reason:  not-json \(DecodeError\): value is not valid JSON\n  source:  .*orders\/\d+@\d+, group .*, attempts 0, failed at .*\n  event:   specversion=1\.0 id=\S+ source=\/legacy type=order\.placed\.v1\n  data:    ".*"\n$/,
    );
  });

  it('re-drives the dead letters once their cause is fixed; they are handled, and a second redrive sends nothing', async () => {
    // The fix: the orders the payments belong to are placed.
    await produce(
      topic,
      orderIds.map((id, i) => placed(id, i)),
    );
    expect((await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env)).code).toBe(0);

    const dry = await runCli(['dlq', 'redrive', dlq, '--reason', 'illegal-state', '--dry-run'], env);
    expect(dry.stdout).toBe('read 7, matched 5, would send 5 (5 to ' + topic + '), already sent before 0, not matching 2, unroutable 0\n');
    expect((await getJson(`${consumer.url}/orders/${orderIds[0]}`)).body.status).toBe('placed');

    const redrive = await runCli(['dlq', 'redrive', dlq, '--reason', 'illegal-state'], env);
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toBe(`read 7, matched 5, sent 5 (5 to ${topic}), already sent before 0, not matching 2, unroutable 0\n`);
    expect((await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env)).code).toBe(0);
    for (const orderId of orderIds) {
      const order = await waitFor(`order ${orderId} to be paid`, async () => {
        const { body } = await getJson(`${consumer.url}/orders/${orderId}`);
        return body.status === 'paid' ? body : undefined;
      });
      expect(order.payment).toMatchObject({ amount: 25, currency: 'EUR' });
    }

    // The re-driven records are the originals (same key, value and headers, no error headers), plus where, when and by whom they were re-driven.
    const paidEvents = jsonLines((await runCli(['tail', 'orders', '--from', 'beginning', '--no-follow', '--type', 'order.paid.v1', '--json'], env)).stdout);
    expect(paidEvents).toHaveLength(10);
    const stamps = new Set<string>();
    for (const orderId of orderIds) {
      const [original, again] = paidEvents.filter((e) => e.key === orderId);
      const { streamline_redriven_from: from, streamline_redriven_at: at, streamline_redriven_by: by, ...rest } = again.headers;
      expect(rest).toEqual(original.headers);
      expect(again.data).toEqual(original.data);
      expect(from).toMatch(new RegExp(`^${prefix.replace(/\./g, '\\.')}${dlq.replace(/\./g, '\\.')}/\\d+/\\d+$`));
      expect(by).toMatch(/^.+@.+$/);
      stamps.add(`${at} ${by}`);
    }
    // One run: one time and one sender on every copy.
    expect(stamps.size).toBe(1);
    const [stamp] = [...stamps];

    const second = await runCli(['dlq', 'redrive', dlq, '--reason', 'illegal-state'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('read 2, matched 0, sent 0, already sent before 0, not matching 2, unroutable 0\n');
    const list = await runCli(['dlq', 'list', dlq, '--json'], env);
    const [buckets, redrives] = [jsonLines(list.stdout).filter((l) => !l.redrive), jsonLines(list.stdout).filter((l) => l.redrive)];
    expect(buckets.map((b) => [b.reason, b.count, b.redriven])).toEqual([
      ['illegal-state', 5, 5],
      ['not-json', 2, 0],
    ]);
    // Who and when come from the redrive's own log, and agree with the copies' headers.
    expect(redrives.map((r) => [r.redrive.count, `${r.redrive.at} ${r.redrive.by}`])).toEqual([[5, stamp]]);
    const text = await runCli(['dlq', 'list', dlq], env);
    expect(text.stdout.split('\n')[0]).toBe(`7 dead letter(s) in ${prefix}${dlq}, 5 already redriven, 2 not`);
    expect(text.stdout).toContain(`redriven 5 at ${stamp.replace(' ', ' by ')}\n`);
  });

  it('refuses a topic that is not a dead-letter topic, and a --reason it does not know, in one line each', async () => {
    for (const command of ['list', 'show', 'redrive']) {
      const refused = await runCli(['dlq', command, 'orders'], env);
      expect({ command, code: refused.code, stdout: refused.stdout }).toEqual({ command, code: 2, stdout: '' });
      expect(refused.stderr).toBe(
        `error: ${prefix}orders is not a dead-letter topic: those are named <topic>.<group>.dlq, e.g. orders.streamline-consumer.dlq (streamline topics lists them)\n`,
      );
    }
    const bogus = await runCli(['dlq', 'show', dlq, '--reason', 'bogus'], env);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.split('\n')[0]).toMatch(/^error: unknown --reason "bogus"; known reasons: .*\billegal-state\b.*\bnot-json\b/);
  });
});
