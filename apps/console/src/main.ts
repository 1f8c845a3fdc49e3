import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { join } from 'node:path';
import { ConfigError, hideKafkajsTimerWarning, loadConfig } from '@streamline/kafka';
import { ConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

// dist/apps/console/main.js → the repository root, where the page and its libraries live.
const ROOT = join(__dirname, '..', '..', '..');

async function bootstrap(): Promise<void> {
  hideKafkajsTimerWarning();
  const config = loadConfig(ConsoleConfig, process.env);
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forConfig(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useStaticAssets(join(ROOT, 'apps', 'console', 'public'));
  // The page's libraries, served as the files npm installed: no bundling step for the front end.
  app.useStaticAssets(join(ROOT, 'node_modules', 'htm', 'preact'), { prefix: '/vendor/htm/' });
  app.useStaticAssets(join(ROOT, 'node_modules', 'uplot', 'dist'), { prefix: '/vendor/uplot/' });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.CONSOLE_HOST);
  app.get(Logger).log(`console on http://${config.CONSOLE_HOST}:${config.PORT}${config.CONSOLE_TOKEN ? ' (operator token required)' : ''}`);
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
