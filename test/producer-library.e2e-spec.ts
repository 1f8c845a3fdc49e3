import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ConsoleLogger, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaModule, ProducerService } from '@streamline/kafka';
import { SchemaValidationError } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { dataFor } from './support/producer-client';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { readTopic } from './support/topic-contents';
import { createTopicsReady } from './support/kafkajs-oracle';

/** Collects what the app logs, to assert on start-up reports. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override log(message: unknown, ...rest: unknown[]) {
    this.lines.push(String(message));
    void rest;
  }
  override warn(message: unknown, ...rest: unknown[]) {
    this.lines.push(String(message));
    void rest;
  }
}

/** ProducerService as a library in a NestJS app of one's own, through KafkaModule. */
describe('producer library (KafkaModule + ProducerService) against a real broker', () => {
  const prefix = `${randomName('lib')}.`;
  const brokers = testBrokers();
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  const logger = new CapturingLogger();
  let app: INestApplicationContext;
  let producer: ProducerService;

  beforeAll(async () => {
    await admin.connect();
    // An existing topic with fewer partitions than the registry wants must be reported, not changed.
    await createTopicsReady(admin, [{ topic: `${prefix}payments`, numPartitions: 2 }]);

    @Module({
      imports: [
        KafkaModule.forRootAsync({
          useFactory: async () => ({
            brokers,
            client: testClient(),
            clientId: 'library-spec',
            topicPrefix: prefix,
            registry: orderRegistry,
            createTopics: true,
            producer: { defaultSource: '/library-spec' },
          }),
        }),
      ],
    })
    class AppModule {}
    app = await NestFactory.createApplicationContext(AppModule, { logger });
    await app.init();
    producer = app.get(ProducerService);
  });
  afterAll(async () => {
    await app?.close();
    await admin.disconnect();
  });

  it('creates missing registry topics with their partitions and retention, and reports a topic with fewer partitions', async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}orders`, `${prefix}payments`] });
    expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
      [`${prefix}orders`, 6],
      [`${prefix}payments`, 2],
    ]);
    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: `${prefix}orders`, configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(configs.resources[0].configEntries[0].configValue).toBe(String(7 * 24 * 3600 * 1000));
    expect(logger.lines.join('\n')).toContain(`topic ${prefix}payments has 2 partitions, the registry wants 6`);
  });

  it('validates a whole batch before sending any of it', async () => {
    const bad = { ...dataFor('order.placed.v2'), channel: 'pigeon' };
    const error = await producer
      .publishBatch([
        { type: 'order.placed.v2', source: '/library-spec', data: dataFor('order.placed.v2') },
        { type: 'order.placed.v2', source: '/library-spec', data: bad },
      ])
      .catch((e) => e);
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect(error.fields.map((f: { field: string }) => f.field)).toEqual(['[1].channel']);
    expect(await readTopic(brokers, `${prefix}orders`)).toEqual([]);
  });

  it('returns where every event landed, and concurrent publishes keep per-key order', async () => {
    const keys = Array.from({ length: 24 }, () => randomUUID());
    const calls = keys.flatMap((key) => Array.from({ length: 15 }, (_, seq) => ({ key, seq, id: `${key}-${seq}` })));
    const results = await Promise.all(
      calls.map(({ key, seq, id }) => producer.publish({ type: 'order.placed.v1', id, data: dataFor('order.placed.v1', key, seq) })),
    );
    const batch = await producer.publishBatch([
      { type: 'payment.authorized.v1', data: dataFor('payment.authorized.v1') },
      { type: 'order.placed.v1', data: dataFor('order.placed.v1', keys[0], 99) },
    ]);
    expect(batch.map((r) => r.topic)).toEqual([`${prefix}payments`, `${prefix}orders`]);

    const stored = await readTopic(brokers, `${prefix}orders`);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of [...results, batch[1]]) {
      expect({ id: r.id, at: [byId.get(r.id)?.partition, byId.get(r.id)?.offset] }).toEqual({ id: r.id, at: [r.partition, r.offset] });
      expect(r.source).toBe('/library-spec');
    }
    for (const key of keys) {
      const order = stored.filter((r) => r.key === key).map((r) => r.id);
      const expected = calls.filter((c) => c.key === key).map((c) => c.id);
      expect(order.slice(0, expected.length)).toEqual(expected);
    }
    const histogram = await producer.metrics.batchSize.get();
    const sum = histogram.values.find((v) => v.metricName?.endsWith('_sum'))!.value;
    const count = histogram.values.find((v) => v.metricName?.endsWith('_count'))!.value;
    expect(sum / count).toBeGreaterThan(1);
  });

  it('sends what it accepted before the app closes (gzip-compressed batches)', async () => {
    @Module({
      imports: [KafkaModule.forRoot({ brokers, client: testClient(), topicPrefix: prefix, registry: orderRegistry, producer: { compression: 'gzip' } })],
    })
    class SecondApp {}
    const second = await NestFactory.createApplicationContext(SecondApp, { logger: false });
    const service = second.get(ProducerService);
    const pending = Array.from({ length: 50 }, (_, i) =>
      service.publish({ type: 'payment.authorized.v1', source: '/closing', id: `closing-${i}`, data: dataFor('payment.authorized.v1') }),
    );
    await second.close();
    const results = await Promise.all(pending);
    expect(results).toHaveLength(50);
    const stored = (await readTopic(brokers, `${prefix}payments`)).filter((r) => r.source === '/closing');
    expect(stored.map((r) => r.id).sort()).toEqual(results.map((r) => r.id).sort());
    expect(JSON.parse(stored[0].value)).toMatchObject({ method: 'wallet' });
    await expect(service.publish({ type: 'payment.authorized.v1', data: dataFor('payment.authorized.v1') })).rejects.toThrow(/shutting down/);
  });
});
