import { Kafka, logLevel } from 'kafkajs';
import { decodeRecord } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { seqOfValue } from '../support/bench-records';
import { ContenderParams, ContenderResult, resultOf, topicOf, until } from './contender';
import { HandledCounter } from './handled-counter';

/**
 * Raw kafkajs as a hand-written consumer would use it. No-op runs: `eachBatch` counting each
 * batch. I/O-bound runs: `eachMessage` with `partitionsConsumedConcurrently` = partitions, the
 * most concurrency kafkajs offers while keeping per-key order. With `decode`, each record of a
 * batch also goes through Streamline's decoder (headers, JSON, schema validation): what
 * validating every event costs without the rest of the runtime.
 */
export async function kafkajsConsumer(params: ContenderParams, { decode = false } = {}): Promise<ContenderResult> {
  const counter = new HandledCounter(params.handlerDelayMs);
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: params.brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: params.groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topicOf(params)], fromBeginning: true });
  if (counter.checksOrder) {
    await consumer.run({
      partitionsConsumedConcurrently: params.partitions,
      eachMessage: async ({ message }) => {
        const data = JSON.parse(message.value!.toString('utf8')) as { customerId: string };
        await counter.handle(message.key!.toString(), seqOfValue(data));
      },
    });
  } else {
    await consumer.run({
      eachBatch: async ({ batch }) => {
        if (decode) for (const m of batch.messages) decodeRecord(orderRegistry, { key: m.key, value: m.value, headers: m.headers });
        counter.handleMany(batch.messages.length);
      },
    });
  }
  await until(() => counter.handled >= params.count);
  const result = resultOf(counter.handled, counter.firstAt, counter.lastAt, { orderViolations: counter.order.violations });
  await consumer.disconnect();
  return result;
}
