import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { benchEvents, benchKeys, encodeBenchEvents } from '../support/bench-records';
import { ContenderParams, ContenderResult, inChunks, resultOf, topicOf } from './contender';

/**
 * Raw kafkajs with the same producer settings and batching as Streamline's producer
 * (idempotent, acks=all, one request in flight, Kafka's murmur2 partitioner), sending the very
 * same bytes, encoded before the clock starts. With `encode`, the events are validated and
 * encoded by Streamline's schemas inside the timed part: what validation costs without the rest
 * of the producer library.
 */
export async function kafkajsProducer(params: ContenderParams, { encode = false } = {}): Promise<ContenderResult> {
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: params.brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const events = benchEvents(params.count, benchKeys(params.keys));
  const encoded = encode ? [] : encodeBenchEvents(events, { validate: false });
  const topic = topicOf(params);
  await producer.connect();
  const started = performance.now();
  if (encode) {
    await inChunks(events, params.batchSize, params.concurrency, (chunk) =>
      producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: encodeBenchEvents(chunk) }] }),
    );
  } else {
    await inChunks(encoded, params.batchSize, params.concurrency, (chunk) => producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: chunk }] }));
  }
  const ended = performance.now();
  await producer.disconnect();
  return resultOf(params.count, started, ended);
}
