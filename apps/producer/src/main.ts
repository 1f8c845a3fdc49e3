import { tracing } from './tracing';
import 'reflect-metadata';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError, hideKafkajsTimerWarning, loadConfig } from '@streamline/kafka';
import { withTracingShutdown } from '@streamline/telemetry';
import { ProducerConfig } from './producer.config';
import { ProducerModule } from './producer.module';
import { buildOpenApiDocument } from './docs/openapi';
import { createHttpApp } from './http/http-app';

async function bootstrap(): Promise<void> {
  hideKafkajsTimerWarning();
  const config = loadConfig(ProducerConfig, process.env);
  const app = await createHttpApp(withTracingShutdown(ProducerModule.forConfig(config), tracing), config);
  app.useLogger(app.get(Logger));
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config.API_KEYS.length > 0));
  // On SIGTERM Nest closes the HTTP server (no new requests; open ones finish), then the
  // producer flushes what it accepted and disconnects; the last spans are exported after that.
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`producer listening on port ${config.PORT}`);
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
