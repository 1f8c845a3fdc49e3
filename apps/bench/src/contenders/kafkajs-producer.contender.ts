import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { benchEvents, benchKeys, encodeBenchEvents } from '../support/bench-records';
import { ContenderParams, ContenderResult, inChunks, resultOf, topicOf } from './contender';

/**
 * Raw kafkajs with the same producer settings and batching as Streamline's producer
 * (idempotent, acks=all, one request in flight, Kafka's murmur2 partitioner), sending the very
 * same bytes, encoded before the clock starts.
 */
export async function kafkajsProducer(params: ContenderParams): Promise<ContenderResult> {
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: params.brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const messages = encodeBenchEvents(benchEvents(params.count, benchKeys(params.keys)));
  const topic = topicOf(params);
  await producer.connect();
  const started = performance.now();
  await inChunks(messages, params.batchSize, params.concurrency, (chunk) =>
    producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: chunk }] }),
  );
  const ended = performance.now();
  await producer.disconnect();
  return resultOf(params.count, started, ended);
}
