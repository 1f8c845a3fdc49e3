import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, readTopic } from './support/consumer-fixtures';
import { kcatHeaders } from './support/kcat-headers';
import { orderPlacedData } from './support/orders';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND, startOtlpReceiver } from './support/otlp-receiver';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** A client's own span context, as a `traceparent` header. */
function clientTrace(): { traceId: string; spanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** Posts one event in binary mode with the client's `traceparent`; answers the event id. */
async function post(producer: AppProcess, type: string, data: object, traceparent?: string): Promise<string> {
  const id = randomUUID();
  const response = await fetch(`${producer.url}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-source': '/tests',
      'ce-type': type,
      ...(traceparent ? { traceparent } : {}),
    },
    body: JSON.stringify(data),
  });
  expect(response.status).toBe(202);
  return id;
}

/** Holds a row lock on an order from outside the service, so its next handler fails for real (lock timeout, retriable). */
async function lockOrder(url: string, orderId: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

function one(spans: ReceivedSpan[], description: string, match: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(match);
  if (found.length !== 1) throw new Error(`expected one ${description}, found ${found.length}: ${JSON.stringify(spans, null, 1)}`);
  return found[0];
}

/** Producer and consumer as real processes, exporting OTLP to a receiver of the spec's own. */
describe('tracing: one trace from the HTTP request through Kafka to the database', () => {
  const prefix = `${randomName('trace')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  const kafkaEnv = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group };
  let receiver: OtlpReceiver;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let producer: AppProcess;
  let consumer: AppProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    db = await createTestDatabase();
    // Spans are exported within 100 ms of ending instead of 5 s, so the spec waits less.
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' };
    producer = await startApp('producer', { ...kafkaEnv, ...otel });
    consumer = await startApp(
      'consumer',
      { ...kafkaEnv, ...otel, DATABASE_URL: db.url, CONSUMER_RETRY_DELAYS_MS: '500,1000,2000', DATABASE_LOCK_TIMEOUT_MS: '100' },
      '/health/ready',
    );
  });
  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
    await db?.drop();
    await receiver?.close();
  });

  it('carries the request’s trace through the HTTP, publish and process spans to the database, and on the record', async () => {
    const client = clientTrace();
    const orderId = randomUUID();
    const id = await post(producer, 'order.placed.v1', orderPlacedData(orderId), client.traceparent);

    // Each service exports on its own schedule: the consumer's spans may arrive before the producer's server span ends.
    const inTrace = await waitFor('the consumer’s transaction span and the producer’s server span in the client’s trace', () => {
      const spans = receiver.spans.filter((s) => s.traceId === client.traceId);
      const consumed = spans.some((s) => s.service === 'consumer' && s.name === 'idempotent transaction');
      const served = spans.some((s) => s.service === 'producer' && s.kind === SPAN_KIND.server);
      return consumed && served ? spans : undefined;
    });
    const server = one(inTrace, 'HTTP server span', (s) => s.service === 'producer' && s.kind === SPAN_KIND.server);
    expect(server).toMatchObject({ name: 'POST /events', parentSpanId: client.spanId, attributes: expect.objectContaining({ 'http.route': '/events' }) });

    const publish = one(inTrace, 'publish span', (s) => s.kind === SPAN_KIND.producer);
    expect(publish).toMatchObject({ service: 'producer', name: `publish ${topic}`, parentSpanId: server.spanId, status: 0 });
    expect(publish.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.name': 'publish',
      'messaging.destination.name': topic,
      'messaging.kafka.message.key': orderId,
      'messaging.message.id': id,
      'messaging.kafka.destination.partition': expect.any(Number),
      'messaging.kafka.offset': expect.any(Number),
    });

    // The record as kcat reads it carries the publish span as the CloudEvents traceparent.
    const record = (await kcatHeaders(topic)).find((headers) => headers.get('ce_id')?.toString() === id)!;
    expect(record.get('ce_traceparent')?.toString()).toBe(`00-${client.traceId}-${publish.spanId}-01`);

    const processed = one(inTrace, 'process span', (s) => s.kind === SPAN_KIND.consumer);
    expect(processed).toMatchObject({ service: 'consumer', name: `process ${topic}`, parentSpanId: publish.spanId, status: 0 });
    expect(processed.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': group,
      'messaging.message.id': id,
      'messaging.kafka.destination.partition': publish.attributes['messaging.kafka.destination.partition'],
      'messaging.kafka.offset': publish.attributes['messaging.kafka.offset'],
      'streamline.attempt': 1,
    });
    const transaction = one(inTrace, 'transaction span', (s) => s.name === 'idempotent transaction');
    expect(transaction).toMatchObject({
      parentSpanId: processed.spanId,
      kind: SPAN_KIND.client,
      attributes: expect.objectContaining({ 'db.system.name': 'postgresql' }),
    });
    // The handler's SQL, seen by the pg instrumentation, sits inside the transaction.
    const queries = inTrace.filter((s) => s.service === 'consumer' && s.kind === SPAN_KIND.client && s.parentSpanId === transaction.spanId);
    expect(queries.length).toBeGreaterThan(0);
  });

  it('keeps the trace through a retry: every attempt is a child of the publish span, the retry record carries it, logs name it', async () => {
    const orderId = randomUUID();
    await post(producer, 'order.placed.v1', orderPlacedData(orderId));
    await waitFor('the order in the read model', async () => (await fetch(`${consumer.url}/orders/${orderId}`)).status === 200);
    const lock = await lockOrder(db.url, orderId);
    const client = clientTrace();
    const id = await post(
      producer,
      'order.paid.v1',
      { orderId, paymentId: 'pay-1', amount: 10, currency: 'EUR', paidAt: '2026-11-23T10:05:00.000Z' },
      client.traceparent,
    );

    const attemptsOf = () => receiver.spans.filter((s) => s.kind === SPAN_KIND.consumer && s.attributes['messaging.message.id'] === id);
    await waitFor('the first attempt to fail', () => attemptsOf().some((s) => s.status === 2));
    await lock.release();
    const attempts = await waitFor('an attempt that succeeds', () => {
      const spans = attemptsOf();
      return spans.some((s) => s.status === 0)
        ? spans.sort((a, b) => Number(a.attributes['streamline.attempt']) - Number(b.attributes['streamline.attempt']))
        : undefined;
    });
    const retryRecord = (await readTopic(`${topic}.${group}.retry.1`, (records) => records.some((r) => r.headers.ce_id === id))).find(
      (r) => r.headers.ce_id === id,
    )!;
    const publish = one(receiver.spans, 'publish span of the payment', (s) => s.kind === SPAN_KIND.producer && s.attributes['messaging.message.id'] === id);
    expect(publish.traceId).toBe(client.traceId);
    expect(retryRecord.headers.ce_traceparent).toBe(`00-${client.traceId}-${publish.spanId}-01`);

    // Every failed attempt and the one that succeeded hang under the same publish span.
    const failed = attempts[0];
    const retried = attempts[attempts.length - 1];
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    attempts.forEach((attempt, i) => {
      expect(attempt).toMatchObject({
        traceId: client.traceId,
        parentSpanId: publish.spanId,
        attributes: expect.objectContaining({ 'streamline.attempt': i + 1 }),
      });
      if (attempt !== retried) expect(attempt).toMatchObject({ status: 2, events: expect.arrayContaining(['retry']) });
    });
    expect(failed.attributes['messaging.destination.name']).toBe(topic);
    expect(retried).toMatchObject({ status: 0, events: [] });
    expect(retried.attributes['messaging.destination.name']).toBe(`${topic}.${group}.retry.${attempts.length - 1}`);

    // The warning about the failed attempt was written inside its span, and says so.
    const warning = consumer
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((entry) => entry.eventId === id && entry.msg === 'handler failed; retrying later');
    expect(warning).toMatchObject({ trace_id: client.traceId, span_id: failed.spanId });
  });

  it('exports the spans still buffered when a service shuts down', async () => {
    const late = await startApp('producer', {
      ...kafkaEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'late-producer',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const client = clientTrace();
    const id = await post(late, 'order.placed.v1', orderPlacedData(), client.traceparent);
    expect(receiver.spans.some((s) => s.traceId === client.traceId)).toBe(false);
    await late.stop('SIGTERM');
    const publish = one(receiver.spans, 'publish span', (s) => s.kind === SPAN_KIND.producer && s.attributes['messaging.message.id'] === id);
    expect(publish).toMatchObject({ service: 'late-producer', traceId: client.traceId });
  });

  it('with tracing off (no endpoint, or OTEL_SDK_DISABLED) exports nothing and leaves the records as the events were', async () => {
    const off = await startApp('producer', { ...kafkaEnv, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', OTEL_TRACES_EXPORTER: '' });
    const disabled = await startApp('producer', {
      ...kafkaEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SDK_DISABLED: 'true',
    });
    const client = clientTrace();
    const ids = [
      await post(off, 'order.placed.v1', orderPlacedData(), client.traceparent),
      await post(disabled, 'order.placed.v1', orderPlacedData(), client.traceparent),
    ];
    await Promise.all([off.stop('SIGTERM'), disabled.stop('SIGTERM')]);

    const records = (await kcatHeaders(topic)).filter((headers) => ids.includes(headers.get('ce_id')?.toString() ?? ''));
    expect(records).toHaveLength(2);
    for (const record of records) expect(record.has('ce_traceparent')).toBe(false);
    expect(receiver.spans.some((s) => s.traceId === client.traceId)).toBe(false);
    expect(off.output()).not.toContain('trace_id');
  });
});
