import { randomBytes, randomUUID } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { AppProcess, startApp } from './support/app-process';
import { Answer, cloudEvent, dataFor, post } from './support/producer-client';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { countIds, readTopic } from './support/topic-contents';

const API_KEY = 'spec-key-0123456789abcdef';
const AUTH = { authorization: `Bearer ${API_KEY}` };
const BATCH = { 'content-type': 'application/cloudevents-batch+json', ...AUTH };

/**
 * The producer's HTTP answers, each checked against what is on the topics afterwards:
 * what was refused is not there, what was accepted is there once, where the answer said.
 */
describe.each(['express', 'fastify'])('producer HTTP ingest against a real broker, on %s', (adapter) => {
  const prefix = `${randomName(`ingest-${adapter}`)}.`;
  const orders = `${prefix}orders`;
  const payments = `${prefix}payments`;
  let producer: AppProcess;
  /** Every event answered 202, by id: where it landed. */
  const accepted = new Map<string, { topic: string; partition: number; offset: string }>();

  const remember = (answer: Answer) => {
    expect(answer.status).toBe(202);
    const events = answer.body.events ?? [answer.body];
    for (const e of events) accepted.set(e.id, { topic: e.topic, partition: e.partition, offset: e.offset });
  };

  beforeAll(async () => {
    producer = await startApp('producer', {
      HTTP_ADAPTER: adapter,
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      API_KEYS: `other-key-0123456789,${API_KEY}`,
      MAX_BODY_BYTES: '4096',
      MAX_BATCH_EVENTS: '5',
      MAX_BATCH_BYTES: '16384',
    });
  });
  afterAll(async () => {
    await producer?.stop();
  });

  it('answers 202 with the position of one event, in structured and in binary mode', async () => {
    const structured = await post(producer.url, cloudEvent('order.placed.v2', dataFor('order.placed.v2')), AUTH);
    expect(structured.body).toEqual({ id: expect.any(String), topic: orders, partition: expect.any(Number), offset: expect.any(String) });
    remember(structured);

    const id = randomUUID();
    const binary = await post(producer.url, dataFor('payment.authorized.v1'), {
      ...AUTH,
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-source': '/producer-spec',
      'ce-type': 'payment.authorized.v1',
    });
    expect(binary.body).toMatchObject({ id, topic: payments });
    remember(binary);
  });

  it('answers 202 to a batch across topics with every position, in request order', async () => {
    const events = [
      cloudEvent('order.placed.v1', dataFor('order.placed.v1')),
      cloudEvent('payment.authorized.v1', dataFor('payment.authorized.v1')),
      cloudEvent('order.placed.v2', dataFor('order.placed.v2')),
    ];
    const answer = await post(producer.url, events, BATCH);
    expect(answer.status).toBe(202);
    expect(answer.body.events.map((e: { id: string; topic: string }) => [e.id, e.topic])).toEqual([
      [events[0].id, orders],
      [events[1].id, payments],
      [events[2].id, orders],
    ]);
    remember(answer);
  });

  it('answers 400 naming every invalid field, per batch item, and publishes nothing of the batch', async () => {
    const bad = { ...dataFor('order.placed.v2'), channel: 'fax' } as Record<string, any>;
    bad.lines[0].quantity = 0;
    const events = [
      cloudEvent('order.placed.v2', dataFor('order.placed.v2')),
      cloudEvent('order.placed.v2', bad),
      { ...cloudEvent('order.placed.v1', { ...dataFor('order.placed.v1'), orderId: 'nope' }), specversion: '0.3' },
      cloudEvent('no.such.type.v1', {}),
    ];
    const answer = await post(producer.url, events, BATCH);
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['[1].data.channel', '[1].data.lines[0].quantity', '[2].specversion', '[2].data.orderId', '[3].type'].sort(),
    );
    const single = await post(producer.url, cloudEvent('order.placed.v2', { ...dataFor('order.placed.v2'), extra: 1 }), AUTH);
    expect(single.status).toBe(400);
    expect(single.body.fields).toEqual([{ field: 'data.extra', messages: ['property extra should not exist'] }]);
    for (const e of [...events, single]) accepted.delete((e as { id: string }).id);
  });

  it('answers 400 with one message per invalid field, the most useful one', async () => {
    const data = { ...dataFor('order.placed.v1') } as Record<string, any>;
    delete data.customerId;
    data.items = [{ ...data.items[0], quantity: '2' }];
    const answer = await post(producer.url, cloudEvent('order.placed.v1', data), AUTH);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([
      { field: 'data.customerId', messages: ['customerId is required'] },
      { field: 'data.items[0].quantity', messages: ['items[0].quantity must be an integer from 1 to 1000'] },
    ]);
  });

  it('answers 401 without a key or with a wrong one, and takes X-API-Key too', async () => {
    const event = cloudEvent('order.placed.v1', dataFor('order.placed.v1'));
    const none = await post(producer.url, event);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(producer.url, event, { authorization: 'Bearer wrong-key-0123456789' })).status).toBe(401);
    expect((await post(producer.url, event, { 'x-api-key': 'wrong-key-0123456789' })).status).toBe(401);
    const viaHeader = await post(producer.url, event, { 'x-api-key': API_KEY });
    remember(viaHeader);
  });

  it('answers 413 for a body or a batch over the limits', async () => {
    const big = { ...dataFor('order.placed.v1'), customerId: 'x'.repeat(5000) };
    expect((await post(producer.url, cloudEvent('order.placed.v1', big), AUTH)).status).toBe(413);
    const six = Array.from({ length: 6 }, () => cloudEvent('order.placed.v1', dataFor('order.placed.v1')));
    expect((await post(producer.url, six, BATCH)).status).toBe(413);
    expect((await post(producer.url, 'x'.repeat(20_000), BATCH)).status).toBe(413);
  });

  it('answers 415 for other content types', async () => {
    const event = JSON.stringify(cloudEvent('order.placed.v1', dataFor('order.placed.v1')));
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      expect((await post(producer.url, event, { ...AUTH, 'content-type': type })).status).toBe(415);
    }
  });

  it('reads gzip, deflate and br bodies, 415 for other encodings, 413 when one inflates past the limit', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const answer = await post(producer.url, compress(JSON.stringify(cloudEvent('payment.authorized.v1', dataFor('payment.authorized.v1')))), {
        ...AUTH,
        'content-encoding': encoding,
      });
      remember(answer);
    }
    const event = JSON.stringify(cloudEvent('order.placed.v1', dataFor('order.placed.v1')));
    const unknown = await post(producer.url, event, { ...AUTH, 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
    expect(unknown.body.detail).toMatch(/encoding/);
    // 20 kB of spaces compress to a few dozen bytes: the limit applies to what they inflate to.
    const bomb = await post(producer.url, gzipSync(Buffer.alloc(20_000, ' ')), { ...BATCH, 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
  });

  it('answers a resubmission (same source and id) with the first position, and 409 when the content differs', async () => {
    const event = cloudEvent('order.placed.v2', dataFor('order.placed.v2'));
    const first = await post(producer.url, event, AUTH);
    remember(first);
    const again = await post(producer.url, event, AUTH);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const inBatch = await post(producer.url, [event, cloudEvent('order.placed.v1', dataFor('order.placed.v1'))], BATCH);
    expect(inBatch.body.events[0]).toMatchObject({ ...first.body, duplicate: true });
    remember(inBatch);

    const changed = await post(producer.url, { ...event, data: dataFor('order.placed.v2') }, AUTH);
    expect(changed.status).toBe(409);
    const repeated = await post(
      producer.url,
      [cloudEvent('order.placed.v1', dataFor('order.placed.v1'), 'same'), cloudEvent('order.placed.v1', dataFor('order.placed.v1'), 'same')],
      BATCH,
    );
    // The same identity with other content inside one batch: the whole batch is refused.
    expect(repeated.status).toBe(409);
    expect(repeated.body.detail).toMatch(/\[1\]/);
    // The same event twice inside one batch: published once, the repeat answered with its position.
    const twice = cloudEvent('order.placed.v1', dataFor('order.placed.v1'));
    const sameTwice = await post(producer.url, [twice, twice], BATCH);
    expect(sameTwice.status).toBe(202);
    expect(sameTwice.body.events[1]).toEqual({ ...sameTwice.body.events[0], duplicate: true });
    remember(sameTwice);
  });

  it('never answers 5xx to malformed input: random bytes, deep nesting, huge numbers, wrong types', async () => {
    const valid = dataFor('order.placed.v2') as Record<string, any>;
    let deep = '1';
    for (let i = 0; i < 3000; i++) deep = `[${deep}]`;
    const bodies: (string | Buffer)[] = [
      ...Array.from({ length: 20 }, (_, i) => randomBytes(1 + i * 97)),
      '',
      'null',
      '[]',
      '"event"',
      '{"specversion":"1.0"',
      `{"specversion":"1.0","id":"d","type":"order.placed.v2","data":${deep}}`,
      `{"specversion":"1.0","id":"d","type":"order.placed.v2","data":{"orderId":${deep}}}`,
      JSON.stringify(cloudEvent('order.placed.v2', { ...valid, total: { amountMinor: 1e308, currency: 'EUR' } })).replace('1e+308', '1e999'),
      JSON.stringify(cloudEvent('order.placed.v2', { ...valid, lines: 'many' })),
      JSON.stringify(cloudEvent('order.placed.v2', { ...valid, customer: null, channel: 7, placedAt: true })),
      JSON.stringify({ ...cloudEvent('order.placed.v2', valid), id: 12, source: ['x'], type: { a: 1 }, time: 'soon' }),
      JSON.stringify(cloudEvent('order.placed.v2', JSON.parse('{"__proto__":{"admin":true}}'))),
      '{"specversion":"1.0","id":"p","type":"order.placed.v2","data":{"constructor":{"prototype":{"x":1}}}}',
    ];
    const types = ['application/cloudevents+json', 'application/json', 'application/cloudevents-batch+json'];
    const statuses = new Set<number>();
    for (const body of bodies) {
      for (const type of types) {
        if (body === '[]' && type === 'application/cloudevents-batch+json') continue; // an empty batch is valid: see below
        const answer = await post(producer.url, body, {
          ...AUTH,
          'content-type': type,
          'ce-specversion': '1.0',
          'ce-id': 'f',
          'ce-type': 'order.placed.v2',
          'ce-source': '/fuzz',
        });
        expect({ type, body: String(body).slice(0, 40), status: answer.status }).toEqual({ type, body: String(body).slice(0, 40), status: expect.any(Number) });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        statuses.add(answer.status);
      }
    }
    expect([...statuses].every((s) => [400, 413, 415].includes(s))).toBe(true);
    const empty = await post(producer.url, '[]', { ...AUTH, 'content-type': 'application/cloudevents-batch+json' });
    expect([empty.status, empty.body]).toEqual([202, { events: [] }]);
  });

  it('serves OpenAPI docs built from the event classes, health and producer metrics', async () => {
    expect((await fetch(`${producer.url}/docs`)).status).toBe(200);
    const doc = (await (await fetch(`${producer.url}/docs-json`)).json()) as any;
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['OrderPlacedV2', 'PaymentAuthorizedV1', 'Money', 'ErrorDto']));
    expect(Object.keys(doc.paths['/events'].post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/cloudevents+json', 'application/json', 'application/cloudevents-batch+json']),
    );
    expect((await fetch(`${producer.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    for (const line of [
      `streamline_producer_events_published_total{topic="${orders}",service="producer"}`,
      'streamline_producer_events_rejected_total{reason="invalid",service="producer"}',
      'streamline_producer_events_rejected_total{reason="unauthorized",service="producer"}',
      'streamline_producer_events_rejected_total{reason="duplicate-conflict",service="producer"}',
      'streamline_producer_events_deduplicated_total{service="producer"}',
      'streamline_producer_publish_duration_seconds_count{service="producer"}',
      'streamline_producer_batch_records_count{service="producer"}',
    ]) {
      expect(metrics).toContain(line);
    }
  });

  it('leaves exactly the accepted events on the topics, each once, where the answers said', async () => {
    const stored = [
      ...(await readTopic(testBrokers(), orders)).map((r) => ({ ...r, topic: orders })),
      ...(await readTopic(testBrokers(), payments)).map((r) => ({ ...r, topic: payments })),
    ];
    expect([...countIds(stored)].filter(([, n]) => n !== 1)).toEqual([]);
    expect(stored.map((r) => r.id).sort()).toEqual([...accepted.keys()].sort());
    for (const r of stored) expect({ id: r.id, topic: r.topic, partition: r.partition, offset: r.offset }).toEqual({ id: r.id, ...accepted.get(r.id) });
  });

  it('on SIGTERM stops taking requests, confirms what it accepted, then exits', async () => {
    const answers: Promise<Answer | undefined>[] = [];
    let firstAccepted!: () => void;
    const accepting = new Promise<void>((resolve) => (firstAccepted = resolve));
    const sending = (async () => {
      for (let i = 0; i < 400 && producer.process.exitCode === null; i++) {
        const answer = post(producer.url, cloudEvent('order.placed.v1', dataFor('order.placed.v1')), AUTH).catch(() => undefined);
        answers.push(answer.then((a) => (a?.status === 202 && firstAccepted(), a)));
        if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    // The signal comes once the service has accepted something, with the rest of the requests still in flight
    // (a fixed pause was too short on a busy machine: every request was still queued when the signal came).
    await Promise.race([accepting, new Promise((r) => setTimeout(r, 30_000))]);
    await producer.stop('SIGTERM');
    await sending;
    const settled = (await Promise.all(answers)).filter((a): a is Answer => a !== undefined);
    // Nest re-raises the signal once its shutdown hooks are done, so the process ends by SIGTERM, not by a crash.
    expect(producer.process.signalCode ?? producer.process.exitCode).toBe('SIGTERM');
    expect(producer.output()).not.toMatch(/not confirmed by Kafka/);
    expect(settled.filter((a) => a.status === 202).length).toBeGreaterThan(0);
    for (const a of settled) {
      expect([202, 503]).toContain(a.status);
      if (a.status === 202) remember(a);
    }
    const stored = await readTopic(testBrokers(), orders);
    const ids = new Set(stored.map((r) => r.id));
    const acceptedOrders = [...accepted].filter(([, w]) => w.topic === orders).map(([id]) => id);
    expect(acceptedOrders.filter((id) => !ids.has(id))).toEqual([]);
    expect([...countIds(stored)].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
