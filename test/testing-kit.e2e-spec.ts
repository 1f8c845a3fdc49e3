import 'reflect-metadata';
import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DrainTimeoutError, EventHandler, KafkaModule, ProducerService } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { randomGroupId, randomTopicPrefix, startTestKafka, waitUntilDrained } from '@streamline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { dataFor } from './support/producer-client';
import { ownBroker, testBrokers, testClient } from './support/test-broker';
import { createTopicsReady } from './support/kafkajs-oracle';

/** @streamline/testing: what a team's own end-to-end tests use, against a real broker. */
describe('@streamline/testing', () => {
  it('uses the cluster KAFKA_BROKERS names, and leaves it running on stop', async () => {
    const kafka = await startTestKafka();
    expect(kafka).toMatchObject({ runtime: 'existing', brokers: testBrokers() });
    await kafka.stop();
    const admin = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
    await admin.disconnect();
  });

  it('starts a local Kafka of its own when none is given, and stops it', async () => {
    const { name, port } = ownBroker('testing-kit', 29399);
    const saved = process.env.KAFKA_BROKERS;
    delete process.env.KAFKA_BROKERS;
    const kafka = await startTestKafka({ name, port }).finally(() => (process.env.KAFKA_BROKERS = saved));
    expect(kafka).toMatchObject({ runtime: 'local', brokers: [`127.0.0.1:${port}`] });
    const admin = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await admin.connect();
    await createTopicsReady(admin, [{ topic: 'kit-check', numPartitions: 1 }]);
    expect(await admin.listTopics()).toContain('kit-check');
    await admin.disconnect();
    await kafka.stop();
    const after = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 0 } }).admin();
    await expect(after.connect()).rejects.toThrow();
  }, 120_000);

  describe('a consumer app of ones own, a random prefix and waitUntilDrained', () => {
    const prefix = randomTopicPrefix('kit');
    const group = randomGroupId('kit');
    const seen: string[] = [];
    let producerApp: INestApplicationContext;
    let consumerApp: INestApplicationContext | undefined;

    @Injectable()
    class PlacedOrders {
      @EventHandler('order.placed.v1')
      async placed(event: EventEnvelope): Promise<void> {
        seen.push(event.id);
      }
    }

    beforeAll(async () => {
      @Module({
        imports: [KafkaModule.forRoot({ brokers: testBrokers(), client: testClient(), registry: orderRegistry, topicPrefix: prefix, createTopics: true })],
      })
      class ProducerApp {}
      producerApp = await NestFactory.createApplicationContext(ProducerApp, { logger: ['error'] });
      await producerApp.init();
    });
    afterAll(async () => {
      await consumerApp?.close();
      await producerApp?.close();
    });

    it('says how much is left when the group is behind, and resolves once the group has handled everything', async () => {
      const producer = producerApp.get(ProducerService);
      const sent = await producer.publishBatch(
        Array.from({ length: 30 }, () => ({ type: 'order.placed.v1', source: '/kit', data: dataFor('order.placed.v1') })),
      );
      const topics = [`${prefix}orders`];
      const early = await waitUntilDrained({ kafka: testBrokers(), group, topics, timeoutMs: 1500 }).catch((e: unknown) => e);
      expect(early).toBeInstanceOf(DrainTimeoutError);
      expect((early as DrainTimeoutError).lag.total).toBe(30);

      @Module({
        imports: [
          KafkaModule.forRoot({
            brokers: testBrokers(),
            client: testClient(),
            registry: orderRegistry,
            topicPrefix: prefix,
            consumer: { groupId: group, retryDelaysMs: [] },
          }),
        ],
        providers: [PlacedOrders],
      })
      class ConsumerApp {}
      consumerApp = await NestFactory.createApplicationContext(ConsumerApp, { logger: ['error'] });
      await consumerApp.init();
      const lag = await waitUntilDrained({ kafka: { brokers: testBrokers(), client: testClient() }, group, topics, timeoutMs: 60_000 });
      expect(lag.total).toBe(0);
      expect([...seen].sort()).toEqual(sent.map((r) => r.id).sort());
    });
  });

  it('refuses a prefix label that is not a topic name', () => {
    expect(() => randomTopicPrefix('has spaces')).toThrow("label 'has spaces' may hold only letters, digits, '.', '_' and '-'");
    expect(randomTopicPrefix('a')).toMatch(/^a-[0-9a-f]{8}\.$/);
  });
});
