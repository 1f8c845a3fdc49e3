import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { hideKafkajsTimerWarning } from '@streamline/kafka';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  // kafkajs 2.2.4 makes Node 24 print a harmless TimeoutNegativeWarning per connection.
  hideKafkajsTimerWarning();
  const app = await NestFactory.create(
    AppModule.register({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      groupId: process.env.KAFKA_GROUP_ID ?? 'invoices-service',
      topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
    }),
  );
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3100));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
