import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { Kafka, logLevel } from 'kafkajs';
import { EVENT_REGISTRY, EventHandler, HandlerContext, KafkaModule, ProducerService } from '@streamline/kafka';
import { defineEvent, EventEnvelope, EventRegistry, SchemaValidationError } from '@streamline/schemas';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { readTopic } from './support/topic-contents';
import { waitFor } from './support/wait-for';

/** An event type of the app's own, unknown to the libraries. */
class InvoiceIssuedV1 {
  @IsUUID() invoiceId!: string;
  @IsString() @Length(1, 64) customerId!: string;
  @IsInt() @Min(0) amountMinor!: number;
}

const invoiceRegistry = new EventRegistry([
  {
    name: 'invoices',
    partitions: 2,
    retentionMs: 24 * 60 * 60 * 1000,
    description: 'Invoices, keyed by invoice id.',
    events: [defineEvent({ type: 'invoice.issued.v1', dataClass: InvoiceIssuedV1, keyField: 'invoiceId', description: 'An invoice went out.' })],
  },
]);

/** The app's topics as the broker lists them (kafkajs' admin, not the client under test). */
async function topicsWith(prefix: string): Promise<string[]> {
  const admin = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((name) => name.startsWith(prefix)).sort();
  } finally {
    await admin.disconnect();
  }
}

/** A NestJS service with events of its own: its registry goes to KafkaModule, its handler is an @EventHandler. */
describe("an app's own events, through KafkaModule against a real broker", () => {
  it('creates its own topics when asked, publishes and handles its own event type, and creates no orders topic', async () => {
    const prefix = `${randomName('own')}.`;
    const group = randomName('billing');
    const seen: { event: EventEnvelope<InvoiceIssuedV1>; topic: string; key: string }[] = [];

    @Injectable()
    class InvoiceHandler {
      @EventHandler('invoice.issued.v1')
      async onIssued(event: EventEnvelope<InvoiceIssuedV1>, context: HandlerContext): Promise<void> {
        seen.push({ event, topic: context.topic, key: context.key ?? '' });
      }
    }

    @Module({
      imports: [
        KafkaModule.forRoot({
          brokers: testBrokers(),
          client: testClient(),
          topicPrefix: prefix,
          registry: invoiceRegistry,
          createTopics: true,
          isGlobal: false,
          consumer: { groupId: group, retryDelaysMs: [] },
        }),
      ],
      providers: [InvoiceHandler],
    })
    class BillingModule {}

    const app = await NestFactory.createApplicationContext(BillingModule, { logger: ['error'] });
    try {
      expect(app.get(EVENT_REGISTRY)).toBe(invoiceRegistry);
      const producer = app.get(ProducerService);
      const invoiceId = randomUUID();
      const result = await producer.publish({ type: 'invoice.issued.v1', source: '/billing', data: { invoiceId, customerId: 'c-7', amountMinor: 4200 } });
      expect(result.topic).toBe(`${prefix}invoices`);

      const [handled] = await waitFor('the handler to see the invoice', () => (seen.length > 0 ? seen : undefined));
      expect(handled.event.type).toBe('invoice.issued.v1');
      expect(handled.event.data).toBeInstanceOf(InvoiceIssuedV1);
      expect(handled.event.data).toEqual({ invoiceId, customerId: 'c-7', amountMinor: 4200 });
      expect([handled.topic, handled.key]).toEqual([`${prefix}invoices`, invoiceId]);

      const stored = await readTopic(testBrokers(), `${prefix}invoices`);
      expect(stored.map((r) => [r.type, r.key])).toEqual([['invoice.issued.v1', invoiceId]]);

      // The registry's topic (with its partitions) and the group's dead letters; nothing of the order registry.
      const admin = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}invoices`] });
      await admin.disconnect();
      expect(metadata.topics[0].partitions).toHaveLength(2);
      expect(await topicsWith(prefix)).toEqual([`${prefix}invoices`, `${prefix}invoices.${group}.dlq`]);

      const foreign = producer.publish({ type: 'order.placed.v1', data: { orderId: invoiceId } });
      await expect(foreign).rejects.toThrow(SchemaValidationError);
      await expect(foreign).rejects.toThrow('unknown event type "order.placed.v1"; known: invoice.issued.v1');
    } finally {
      await app.close();
    }
  });

  it('creates no topic at all unless asked', async () => {
    const prefix = `${randomName('own-none')}.`;
    @Module({ imports: [KafkaModule.forRoot({ brokers: testBrokers(), client: testClient(), topicPrefix: prefix, registry: invoiceRegistry })] })
    class QuietModule {}
    // init runs the module's start-up (where topics would be created) before it resolves.
    const app = await NestFactory.createApplicationContext(QuietModule, { logger: ['error'] });
    try {
      await app.get(ProducerService).ensureConnected();
      expect(await topicsWith(prefix)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a handler of a type its registry does not declare, naming the known ones', async () => {
    @Injectable()
    class StrayHandler {
      @EventHandler('order.placed.v1')
      async handle(): Promise<void> {}
    }
    @Module({
      imports: [
        KafkaModule.forRoot({
          brokers: testBrokers(),
          client: testClient(),
          registry: invoiceRegistry,
          consumer: { groupId: randomName('stray'), autoStart: false },
        }),
      ],
      providers: [StrayHandler],
    })
    class StrayModule {}
    let app: INestApplicationContext | undefined;
    await expect(NestFactory.createApplicationContext(StrayModule, { logger: false, abortOnError: false }).then((created) => (app = created))).rejects.toThrow(
      `handler of 'order.placed.v1' on StrayHandler.handle: unknown event type "order.placed.v1"; known: invoice.issued.v1`,
    );
    await app?.close();
  });
});
