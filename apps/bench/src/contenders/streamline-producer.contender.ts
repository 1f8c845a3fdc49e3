import { NestFactory } from '@nestjs/core';
import { KafkaModule, ProducerService } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { benchEvents, benchKeys } from '../support/bench-records';
import { ContenderParams, ContenderResult, inChunks, resultOf } from './contender';

/** Streamline's ProducerService, as a Nest app gets it: validates, encodes, publishes with acks=all. */
export async function streamlineProducer(params: ContenderParams): Promise<ContenderResult> {
  const app = await NestFactory.createApplicationContext(
    KafkaModule.forRoot({
      brokers: params.brokers,
      client: params.client,
      clientId: 'bench-streamline',
      topicPrefix: params.topicPrefix,
      registry: orderRegistry,
    }),
    { logger: ['error', 'warn'] },
  );
  const producer = app.get(ProducerService);
  const events = benchEvents(params.count, benchKeys(params.keys));
  await producer.ensureConnected();
  const started = performance.now();
  await inChunks(events, params.batchSize, params.concurrency, (chunk) => producer.publishBatch(chunk));
  const ended = performance.now();
  await app.close();
  return resultOf(params.count, started, ended);
}
