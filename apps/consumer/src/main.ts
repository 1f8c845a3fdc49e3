import { tracing } from './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, hideKafkajsTimerWarning, loadConfig } from '@streamline/kafka';
import { withTracingShutdown } from '@streamline/telemetry';
import { ConsumerConfig } from './consumer.config';
import { ConsumerModule } from './consumer.module';

async function bootstrap(): Promise<void> {
  hideKafkajsTimerWarning();
  const config = loadConfig(ConsumerConfig, process.env);
  const app = await NestFactory.create(withTracingShutdown(ConsumerModule.forConfig(config), tracing), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`consumer listening on port ${config.PORT}`);
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
