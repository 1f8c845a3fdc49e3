import { randomUUID } from 'node:crypto';
import { CloudEvent, HTTP, Kafka as KafkaBinding, KafkaMessage } from 'cloudevents';
import { DEAD_LETTER_HEADERS } from '@streamline/schemas';
import { AppProcess, startApp } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { drained, getJson, kafka, readTopic, ReadRecord } from './support/consumer-fixtures';
import { dataFor } from './support/producer-client';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** An `order.placed.v1` event as the official SDK builds it, with every optional attribute and three extensions. */
function sdkEvent(overrides: Record<string, unknown> = {}): CloudEvent<Record<string, unknown>> {
  const orderId = randomUUID();
  return new CloudEvent<Record<string, unknown>>({
    specversion: '1.0',
    id: randomUUID(),
    source: '/sdk-spec',
    type: 'order.placed.v1',
    time: new Date().toISOString(),
    subject: `order-${orderId.slice(0, 8)}`,
    dataschema: 'https://schemas.example.com/order.placed.v1.json',
    datacontenttype: 'application/json',
    partitionkey: orderId,
    traceparent: TRACEPARENT,
    tracestate: 'vendor=opaque',
    tenant: 'acme',
    data: dataFor('order.placed.v1', orderId),
    ...overrides,
  });
}

/** A record read back through the SDK's Kafka binding, with the headers Streamline adds to failures left out. */
function sdkRead(record: ReadRecord): CloudEvent<unknown> {
  const added = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  const headers = Object.fromEntries(Object.entries(record.headers).filter(([name]) => !added.has(name) && !name.startsWith('streamline_')));
  const message: KafkaMessage<string> = {
    key: record.key ?? '',
    value: record.value ?? '',
    body: record.value ?? '',
    headers,
    timestamp: String(record.timestamp),
  };
  return KafkaBinding.toEvent(message) as CloudEvent<unknown>;
}

/** What "the same event" means: every attribute and the data. */
const attributesOf = (event: CloudEvent<unknown>) => JSON.parse(JSON.stringify(event.toJSON()));

/**
 * The official `cloudevents` SDK as a client that is not ours: it writes the HTTP requests and
 * the Kafka records, and reads back what Streamline stored. Every attribute must come back as
 * it was sent, extensions and the distributed-tracing `traceparent` included.
 */
describe('CloudEvents SDK against the producer and the consumer', () => {
  const prefix = `${randomName('sdk')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  let producer: AppProcess;
  let consumer: AppProcess;
  /** Events the producer answered 202 to, in the order sent. */
  const accepted: CloudEvent<Record<string, unknown>>[] = [];

  beforeAll(async () => {
    producer = await startApp('producer', env, '/health/live', 180_000);
    // Starting and joining the group may take minutes on a busy machine; readiness says when it has.
    consumer = await startApp('consumer', { ...env, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory' }, '/health/ready', 240_000);
  }, 480_000);
  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
  });

  const send = async (message: { headers: Record<string, unknown>; body: unknown }) => {
    const response = await fetch(`${producer.url}/events`, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, String(v)])),
      body: message.body as string,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('accepts SDK events in HTTP binary, structured and batch mode, with extensions and traceparent', async () => {
    const binary = sdkEvent({ datacontenttype: 'application/json; charset=utf-8' });
    expect(await send(HTTP.binary(binary))).toMatchObject({ status: 202, body: { id: binary.id } });
    const structured = sdkEvent();
    expect(await send(HTTP.structured(structured))).toMatchObject({ status: 202, body: { id: structured.id } });
    const batch = [sdkEvent(), sdkEvent({ subject: undefined, dataschema: undefined })];
    const answer = await send({ headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(batch.map((e) => e.toJSON())) });
    expect(answer).toMatchObject({ status: 202, body: { events: batch.map((e) => ({ id: e.id })) } });
    accepted.push(binary, structured, ...batch);
  });

  it('stores records that the SDK reads back equal to the events sent, attribute for attribute', async () => {
    const records = await readTopic(topic, accepted.length);
    const byId = new Map(records.map((r) => [r.headers.ce_id, r]));
    for (const sent of accepted) {
      const record = byId.get(sent.id);
      expect(record).toBeDefined();
      expect(record!.key).toBe(sent.partitionkey);
      expect(attributesOf(sdkRead(record!))).toEqual(attributesOf(sent));
    }
  });

  it('answers 400 naming each invalid attribute name and a source that is not a URI reference', async () => {
    const event = sdkEvent().toJSON() as Record<string, unknown>;
    const answer = await send({
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ ...event, source: 'has spaces here', Tenant: 'x', tenant_id: 'y' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['Tenant', 'source', 'tenant_id']);
    const percent = sdkEvent();
    const headers = { ...HTTP.binary(percent).headers, 'ce-subject': 'caf%C3%A9%20cr%C3%A8me' };
    expect((await send({ headers, body: HTTP.binary(percent).body })).status).toBe(202);
    const [stored] = await readTopic(topic, (records) => records.some((r) => r.headers.ce_id === percent.id)).then((rs) =>
      rs.filter((r) => r.headers.ce_id === percent.id),
    );
    expect(sdkRead(stored).subject).toBe('café crème');
  });

  it('handles SDK-written structured-mode and binary-mode Kafka records, and dead-letters a bad one with every attribute kept', async () => {
    const structured = sdkEvent();
    const binary = sdkEvent();
    const invalid = sdkEvent({ data: { ...dataFor('order.placed.v1'), currency: 'euro' } });
    const toKafka = (message: { key?: unknown; value?: unknown; headers: Record<string, unknown> }) => ({
      key: String(message.key),
      value: typeof message.value === 'string' ? message.value : JSON.stringify(message.value),
      headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, String(v)])),
    });
    const producerClient = kafka().producer();
    await producerClient.connect();
    try {
      await producerClient.send({
        topic,
        acks: -1,
        messages: [toKafka(KafkaBinding.structured(structured)), toKafka(KafkaBinding.binary(binary)), toKafka(KafkaBinding.structured(invalid))],
      });
    } finally {
      await producerClient.disconnect();
    }
    await drained(group, [topic]);
    for (const event of [structured, binary]) {
      const order = await getJson(`${consumer.url}/orders/${event.partitionkey}`);
      expect([order.status, order.body.status, order.body.appliedEvents]).toEqual([200, 'placed', [event.id]]);
    }
    const [dead] = await readTopic(`${topic}.${group}.dlq`, 1);
    expect(dead.headers[DEAD_LETTER_HEADERS.reason]).toBe('invalid-data');
    expect(attributesOf(sdkRead(dead))).toEqual(attributesOf(invalid));
  });

  it('shows every attribute in tail and dlq show, and replay copy keeps them', async () => {
    const cliEnv = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
    const tail = await runCli(['tail', 'orders', '--from', 'beginning', '--no-follow', '--json'], cliEnv);
    expect(tail.code).toBe(0);
    const views = jsonLines(tail.stdout);
    const sent = accepted[0];
    expect(views.find((v) => v.attributes?.id === sent.id)?.attributes).toMatchObject({
      subject: sent.subject,
      dataschema: sent.dataschema,
      traceparent: TRACEPARENT,
      tracestate: 'vendor=opaque',
      tenant: 'acme',
    });
    const text = await runCli(['tail', 'orders', '--from', 'beginning', '--no-follow'], cliEnv);
    expect(text.stdout).toContain(`tenant=acme`);

    const shown = await runCli(['dlq', 'show', `orders.${group}.dlq`, '--json'], cliEnv);
    expect(shown.code).toBe(0);
    expect(jsonLines(shown.stdout)[0].attributes).toMatchObject({ traceparent: TRACEPARENT, tenant: 'acme', specversion: '1.0' });

    const target = `${topic}.copy`;
    const copy = await runCli(['replay', 'copy', '--from', 'orders', '--to', 'orders.copy', '--create-target'], cliEnv);
    expect(copy.code).toBe(0);
    const copied = await readTopic(target, (records) => accepted.every((e) => records.some((r) => r.headers.ce_id === e.id)));
    for (const event of accepted) {
      expect(attributesOf(sdkRead(copied.find((r) => r.headers.ce_id === event.id)!))).toEqual(attributesOf(event));
    }
  });
});
