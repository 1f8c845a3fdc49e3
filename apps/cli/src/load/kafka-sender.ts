import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaConnectionOptions, KafkaModule, ProducerService } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { LoadEvent, LoadSender } from './load-sender';

/** Publishes events straight to Kafka through Streamline's producer library (validated, acks=all). */
export class KafkaSender implements LoadSender {
  private constructor(
    private readonly app: INestApplicationContext,
    private readonly producer: ProducerService,
  ) {}

  static async open(options: KafkaConnectionOptions): Promise<KafkaSender> {
    const app = await NestFactory.createApplicationContext(KafkaModule.forRoot({ ...options, registry: orderRegistry, createTopics: false }), {
      logger: ['error'],
    });
    const producer = app.get(ProducerService);
    await producer.ensureConnected();
    return new KafkaSender(app, producer);
  }

  async send(events: LoadEvent[]): Promise<void> {
    await this.producer.publishBatch(events.map(({ id, source, type, time, data }) => ({ id, source, type, time, data })));
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
