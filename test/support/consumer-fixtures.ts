import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { IHeaders, Kafka, logLevel } from 'kafkajs';
import { createEnvelope, encodeEnvelope } from '@streamline/schemas';
import { ClusterAdmin, createKafkaClient, fetchGroupLag, GroupLag, waitUntilDrained } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { testBrokers } from './test-broker';

/** A record as the consumer specs produce it. */
export interface TestRecord {
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
  /** The event's id (ce_id), when it is an event. */
  id: string;
}

const SOURCE = '/tests/consumer';

/** One event as a binary-mode record. */
export function eventRecord(type: string, data: object, headers: Record<string, string> = {}): TestRecord {
  const encoded = encodeEnvelope(orderRegistry, createEnvelope(orderRegistry, { type, source: SOURCE, data }));
  return { key: encoded.key, value: encoded.value, headers: { ...encoded.headers, ...headers }, id: encoded.headers.ce_id };
}

export function placed(orderId: string, seq = 0): TestRecord {
  return eventRecord('order.placed.v1', {
    orderId,
    customerId: `customer-${seq % 17}`,
    items: [{ sku: `SKU-${seq % 50}`, quantity: 1 + (seq % 3), unitPrice: 10 }],
    currency: 'EUR',
    placedAt: '2026-11-23T10:00:00.000Z',
  });
}

export function paid(orderId: string, amount = 10): TestRecord {
  return eventRecord('order.paid.v1', { orderId, paymentId: `pay-${orderId.slice(0, 8)}`, amount, currency: 'EUR', paidAt: '2026-11-23T10:05:00.000Z' });
}

export function shipped(orderId: string): TestRecord {
  return eventRecord('order.shipped.v1', { orderId, carrier: 'DHL', trackingNumber: `T-${orderId.slice(0, 8)}`, shippedAt: '2026-11-23T11:00:00.000Z' });
}

export function cancelled(orderId: string): TestRecord {
  return eventRecord('order.cancelled.v1', { orderId, reason: 'customer changed their mind', cancelledAt: '2026-11-23T10:30:00.000Z' });
}

/** Orders, each placed → paid → shipped, interleaved the way concurrent checkouts would be. */
export function orderStreams(count: number): { orderIds: string[]; records: TestRecord[]; idsByOrder: Map<string, string[]> } {
  const orderIds = Array.from({ length: count }, () => randomUUID());
  const records: TestRecord[] = [];
  const idsByOrder = new Map<string, string[]>(orderIds.map((id) => [id, []]));
  for (const step of [placed, paid, shipped] as const) {
    orderIds.forEach((orderId, i) => {
      const record = step === placed ? placed(orderId, i) : step(orderId);
      records.push(record);
      idsByOrder.get(orderId)!.push(record.id);
    });
  }
  return { orderIds, records, idsByOrder };
}

export function kafka(): Kafka {
  return new Kafka({ brokers: testBrokers(), clientId: 'consumer-e2e', logLevel: logLevel.NOTHING });
}

/** Publishes records with kafkajs' default (murmur2) partitioner, in order, in chunks. */
export async function produce(topic: string, records: TestRecord[], chunk = 500): Promise<void> {
  const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += chunk) {
      await producer.send({ topic, acks: -1, messages: records.slice(i, i + chunk).map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A record read back from a topic. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  timestamp: number;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the start until `count` records arrived, or until `count` (a predicate)
 * holds for what arrived; fails after the bound.
 */
export async function readTopic(topic: string, count: number | ((records: ReadRecord[]) => boolean), timeoutMs = 60_000): Promise<ReadRecord[]> {
  const enough = typeof count === 'number' ? (records: ReadRecord[]) => records.length >= count : count;
  const consumer = kafka().consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const arrived = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          timestamp: Number(message.timestamp),
          headers: stringHeaders(message.headers),
        });
        if (enough(records)) done();
      },
    });
    const timer = new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error(`read ${records.length} records from ${topic}, not what was awaited`)), timeoutMs).unref(),
    );
    await Promise.race([arrived, timer]);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

/** Offsets read through kafkajs, whichever client the services under test run on. */
function oracleAdmin(): ClusterAdmin {
  return createKafkaClient({ brokers: testBrokers(), client: 'kafkajs' }).admin();
}

/** Waits until the group has committed everything written to the topics. */
export async function drained(group: string, topics: string[], timeoutMs = 90_000): Promise<GroupLag> {
  const admin = oracleAdmin();
  try {
    return await waitUntilDrained(admin, group, topics, { timeoutMs, intervalMs: 300 });
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offsets per partition (absent partitions: nothing committed). */
export async function committedOffsets(group: string, topic: string): Promise<GroupLag> {
  const admin = oracleAdmin();
  try {
    return await fetchGroupLag(admin, group, [topic]);
  } finally {
    await admin.disconnect();
  }
}

/** A fresh PostgreSQL database for one spec, dropped at the end. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `consumer_e2e_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** GET a JSON document from an app. */
export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Sum of a Prometheus metric's samples whose labels include `labels`. */
export async function metricValue(appUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) sum += Number(match[3]);
  }
  return sum;
}

/**
 * Records on a topic, as the broker reports its partitions' high watermarks (0 when it does not
 * exist). A broker just restarted may still answer that it leads nothing: that is asked again,
 * for up to 30 s, as any client would.
 */
export async function recordsOn(topic: string, client: Kafka = kafka()): Promise<number> {
  const admin = client.admin();
  await admin.connect();
  const until = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        if (!(await admin.listTopics()).includes(topic)) return 0;
        return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || Date.now() > until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
