import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { EventBatchHandler, KafkaModule, ProducerService } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { Kafka, logLevel } from 'kafkajs';
import { orderPlacedData } from './support/orders';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

// An SDK of the spec's own, spans kept in memory: the library's spans go to whichever SDK the process registers.
const exporter = new tracing.InMemorySpanExporter();
new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] }).register();

const received: EventEnvelope[][] = [];

@Injectable()
class PlacedBatches {
  @EventBatchHandler('order.placed.v1', { maxSize: 50 })
  handle(events: EventEnvelope[]): void {
    received.push(events);
  }
}

/** Spans of the batch path and of records that cannot be decoded, which a single-record spec does not reach. */
describe('tracing: batch handlers and undecodable records', () => {
  const prefix = `${randomName('tbatch')}.`;
  const topic = `${prefix}orders`;
  const group = randomName('tbatch-group');
  let app: INestApplicationContext;

  beforeAll(async () => {
    @Module({
      imports: [
        KafkaModule.forRoot({
          brokers: testBrokers(),
          client: testClient(),
          registry: orderRegistry,
          createTopics: true,
          topicPrefix: prefix,
          producer: { defaultSource: '/tracing-batch' },
          consumer: { groupId: group, fromBeginning: true },
        }),
      ],
      providers: [PlacedBatches],
    })
    class BatchApp {}
    app = await NestFactory.createApplicationContext(BatchApp, { logger: false });
    await app.init();
  });
  afterAll(() => app?.close());

  it('handles a batch in one process span linked to each event’s publish span, with the batch size', async () => {
    const producer = app.get(ProducerService);
    const ids: string[] = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) await producer.publish({ type: 'order.placed.v1', id, data: orderPlacedData(randomUUID()) });
    await waitFor('every event in a batch', () => new Set(received.flat().map((e) => e.id)).size === ids.length, { timeoutMs: 60_000 });

    const spans = exporter.getFinishedSpans();
    const publishSpanOf = new Map(
      spans.filter((s) => s.name === `publish ${topic}`).map((s) => [String(s.attributes['messaging.message.id']), s.spanContext().spanId]),
    );
    expect(ids.every((id) => publishSpanOf.has(id))).toBe(true);
    const batches = await waitFor('the batch spans', () => {
      const found = exporter.getFinishedSpans().filter((s) => s.name === `process ${topic}` && s.attributes['messaging.batch.message_count'] !== undefined);
      return found.reduce((sum, s) => sum + Number(s.attributes['messaging.batch.message_count']), 0) >= ids.length && found;
    });
    for (const span of batches) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.attributes).toMatchObject({ 'messaging.consumer.group.name': group, 'cloudevents.event_type': 'order.placed.v1', 'streamline.attempt': 1 });
      expect(span.links).toHaveLength(Number(span.attributes['messaging.batch.message_count']));
    }
    const linked = batches.flatMap((s) => s.links.map((l) => l.context.spanId)).sort();
    expect(linked).toEqual(ids.map((id) => publishSpanOf.get(id)!).sort());
  });

  it('dead-letters a record it cannot decode inside a failed process span, the child of the span its ce_traceparent names', async () => {
    const [traceId, spanId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
    const kafka = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const writer = kafka.producer();
    await writer.connect();
    await writer.send({
      topic,
      messages: [
        {
          key: 'broken-order',
          value: '{ not json',
          headers: {
            ce_specversion: '1.0',
            ce_id: randomUUID(),
            ce_source: '/tests',
            ce_type: 'order.placed.v1',
            ce_traceparent: `00-${traceId}-${spanId}-01`,
            'content-type': 'application/json',
          },
        },
      ],
    });
    await writer.disconnect();

    const span = await waitFor('the dead-lettered record’s span', () => exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId));
    expect(span.name).toBe(`process ${topic}`);
    expect(span.parentSpanContext?.spanId).toBe(spanId);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toEqual(['dead-letter']);
    expect(span.events[0].attributes).toMatchObject({ 'messaging.destination.name': `${topic}.${group}.dlq`, 'streamline.reason': 'not-json' });
  });
});
