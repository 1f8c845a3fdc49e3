import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS } from '@streamline/schemas';
import { KafkaTools, runKafkaTool } from '@streamline/local-broker';
import { AppProcess, startApp } from './support/app-process';
import { drained, getJson, metricValue, paid, placed, readTopic, shipped, TestRecord } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { kcatHeaders } from './support/kcat-headers';
import { testBrokers } from './support/test-broker';

const hasKcat = spawnSync('kcat', ['-V']).status === 0;
/** `a`, a byte that never occurs in UTF-8, `b`. */
const NOT_UTF8 = Buffer.from([0x61, 0xff, 0x62]);

/** Writes one record with a client that is not ours: kcat when installed, else Kafka's console producer. */
async function foreignProduce(topic: string, key: string, value: string | Buffer, headers: Record<string, string | Buffer>): Promise<void> {
  if (hasKcat) {
    // Through the shell, so a header can carry bytes that are not UTF-8 (printf writes them; Node's arguments are text).
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const header = ([name, v]: [string, string | Buffer]) =>
      typeof v === 'string' ? quote(`${name}=${v}`) : `"${name}=$(printf '${[...v].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}')"`;
    const command = [
      'exec kcat -P -b',
      quote(testBrokers()[0]),
      '-t',
      quote(topic),
      '-k',
      quote(key),
      ...Object.entries(headers).flatMap((h) => ['-H', header(h)]),
    ];
    const child = spawn('sh', ['-c', command.join(' ')], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(value);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`kcat failed (${code}): ${stderr}`);
    return;
  }
  if (Object.values(headers).some(Buffer.isBuffer) || Buffer.isBuffer(value)) throw new Error('bytes that are not UTF-8 need kcat');
  const headerText = Object.entries(headers)
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
  const line = `${headerText || ''}\t${key}\t${value}\n`;
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
      '--property',
      'null.marker=__absent__',
    ],
    { input: headerText ? line : `__absent__\t${key}\t${value}\n` },
  );
  if (result.code !== 0) throw new Error(`console producer failed: ${result.stderr}`);
}

async function foreignProduceRecord(topic: string, record: TestRecord): Promise<void> {
  await foreignProduce(topic, record.key, record.value.toString(), record.headers);
}

/** Records from other clients: good ones handled, bad ones dead-lettered with their reason, the partition keeps going. */
describe('consumer: records written by a client that is not ours', () => {
  const prefix = `${randomName('poison')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let consumer: AppProcess;

  beforeAll(async () => {
    consumer = await startApp(
      'consumer',
      {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: group,
        PGLITE_DATA_DIR: 'memory',
        CONSUMER_MAX_VALUE_BYTES: '4096',
      },
      '/health/ready',
    );
  });
  afterAll(async () => {
    await consumer?.stop();
  });

  it(`handles well-formed records and dead-letters not-JSON, not UTF-8, unknown type, missing headers, invalid data and oversized ones (${hasKcat ? 'kcat' : 'console producer'})`, async () => {
    const orderId = randomUUID();
    const good = [placed(orderId), paid(orderId), shipped(orderId)];
    const ce = (type: string) => ({
      ce_specversion: '1.0',
      ce_id: randomUUID(),
      ce_source: '/legacy-system',
      ce_type: type,
      'content-type': 'application/json',
    });
    const validPlaced = good[0].value.toString();
    const poison: { reason: string; value: string | Buffer; headers: Record<string, string | Buffer> }[] = [
      { reason: 'not-json', value: '{"orderId": oops', headers: ce('order.placed.v1') },
      { reason: 'unknown-type', value: validPlaced, headers: ce('order.exploded.v1') },
      { reason: 'missing-header', value: validPlaced, headers: {} },
      {
        reason: 'invalid-data',
        value: JSON.stringify({ ...JSON.parse(validPlaced), orderId: 'not-a-uuid', currency: 'euro' }),
        headers: ce('order.placed.v1'),
      },
      { reason: 'oversized', value: JSON.stringify({ padding: 'x'.repeat(6000) }), headers: ce('order.placed.v1') },
      // Bytes that are not UTF-8 in an id, and in a structured-mode value: refused, not decoded into another id.
      ...(hasKcat
        ? [
            { reason: 'invalid-utf8', value: validPlaced, headers: { ...ce('order.placed.v1'), ce_id: NOT_UTF8 } },
            {
              reason: 'invalid-utf8',
              value: Buffer.concat([
                Buffer.from('{"specversion":"1.0","id":"'),
                NOT_UTF8,
                Buffer.from(`","source":"/legacy","type":"order.placed.v1","data":${validPlaced}}`),
              ]),
              headers: { 'content-type': 'application/cloudevents+json' },
            },
          ]
        : []),
    ];

    // All on one key, so all in one partition: placed, the five bad ones, then paid and shipped.
    await foreignProduceRecord(topic, good[0]);
    for (const p of poison) await foreignProduce(topic, orderId, p.value, p.headers);
    await foreignProduceRecord(topic, good[1]);
    await foreignProduceRecord(topic, good[2]);

    await drained(group, [topic]);
    const order = (await getJson(`${consumer.url}/orders/${orderId}`)).body;
    expect(order.status).toBe('shipped');
    expect(order.appliedEvents).toEqual(good.map((r) => r.id));

    const dead = await readTopic(`${topic}.${group}.dlq`, poison.length);
    expect(dead).toHaveLength(poison.length);
    const sourceOffsets = dead.map((d) => Number(d.headers[DEAD_LETTER_HEADERS.sourceOffset]));
    expect(sourceOffsets).toEqual(poison.map((_, i) => i + 1));
    poison.forEach((p, i) => {
      const record = dead[i];
      expect(record.headers[DEAD_LETTER_HEADERS.reason]).toBe(p.reason);
      expect(record.key).toBe(orderId);
      expect(record.value).toBe(p.value.toString());
      for (const [name, value] of Object.entries(p.headers)) expect(record.headers[name]).toBe(value.toString());
      expect(record.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(topic);
      expect(record.headers[DEAD_LETTER_HEADERS.group]).toBe(group);
      expect(record.headers[DEAD_LETTER_HEADERS.attempts]).toBe('0');
      expect(record.headers[DEAD_LETTER_HEADERS.message]).toBeTruthy();
      expect(Date.parse(record.headers[DEAD_LETTER_HEADERS.failedAt])).not.toBeNaN();
    });
    for (const reason of new Set(poison.map((p) => p.reason)))
      expect(await metricValue(consumer.url, 'streamline_consumer_dead_letters_total', { reason })).toBe(poison.filter((p) => p.reason === reason).length);
    if (hasKcat) {
      // The dead letter keeps the id's bytes as they came, read back by kcat.
      const stored = await kcatHeaders(`${topic}.${group}.dlq`);
      expect(stored[poison.findIndex((p) => Buffer.isBuffer(p.headers.ce_id))]!.get('ce_id')).toEqual(NOT_UTF8);
    }
    expect(await metricValue(consumer.url, 'streamline_consumer_events_handled_total')).toBe(3);
  });
});
