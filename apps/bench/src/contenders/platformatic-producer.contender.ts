import { ProduceAcks, Producer, stringSerializer } from '@platformatic/kafka';
import { benchEvents, benchKeys, encodeBenchEvents, RawBenchRecord } from '../support/bench-records';
import { ContenderParams, ContenderResult, inChunks, resultOf, topicOf } from './contender';

/**
 * Raw @platformatic/kafka with the settings of the kafkajs contender (idempotent, acks=all, the
 * library's murmur2 partitioner, which it uses for keyed records), the same batching and the very
 * same bytes, encoded before the clock starts. With `encode`, validation and encoding by
 * Streamline's schemas run inside the timed part.
 */
export async function platformaticProducer(params: ContenderParams, { encode = false } = {}): Promise<ContenderResult> {
  const producer = new Producer<string, Buffer, string, string>({
    clientId: 'bench-platformatic',
    bootstrapBrokers: params.brokers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false,
    serializers: { key: stringSerializer, headerKey: stringSerializer, headerValue: stringSerializer },
  });
  const events = benchEvents(params.count, benchKeys(params.keys));
  const encoded = encode ? [] : encodeBenchEvents(events, { validate: false });
  const topic = topicOf(params);
  const send = (records: RawBenchRecord[]) => producer.send({ messages: records.map((r) => ({ topic, key: r.key, value: r.value, headers: r.headers })) });
  await producer.metadata({ topics: [topic] });
  const started = performance.now();
  if (encode) await inChunks(events, params.batchSize, params.concurrency, (chunk) => send(encodeBenchEvents(chunk)));
  else await inChunks(encoded, params.batchSize, params.concurrency, send);
  const ended = performance.now();
  await producer.close();
  return resultOf(params.count, started, ended);
}
