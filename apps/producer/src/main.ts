import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@streamline/kafka';
import { ProducerConfig } from './producer.config';
import { ProducerModule } from './producer.module';
import { buildOpenApiDocument } from './docs/openapi';

async function bootstrap(): Promise<void> {
  const config = loadConfig(ProducerConfig, process.env);
  const app = await NestFactory.create<NestExpressApplication>(ProducerModule.forConfig(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Every body is read raw: the ingest decides by content type, so a bad body is a 400 or 415, never a 500.
  app.useBodyParser('raw', { type: () => true, limit: Math.max(config.MAX_BODY_BYTES, config.MAX_BATCH_BYTES) });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config.API_KEYS.length > 0));
  // On SIGTERM Nest closes the HTTP server (no new requests; open ones finish), then the
  // producer flushes what it accepted and disconnects.
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`producer listening on port ${config.PORT}`);
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
