// A replier of the request/reply spec in a process of its own, so that the spec can kill it with
// SIGKILL while requests are in its handler. Started by replier-process.ts (node with
// ts-register.js); configured by the environment read below. Prints `ready` once it is in its
// group, then `handling <orderId>` as each request reaches the handler, which holds it for
// REPLIER_HOLD_MS without answering. Leaves when its parent goes away (stdin closes).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerRuntime, EventHandler, KafkaModule, PostgresDatabase } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { testBrokers, testClient } from './test-broker';
import { waitFor } from './wait-for';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const holdMs = Number(setting('REPLIER_HOLD_MS'));

@Injectable()
class HeldQuoteHandler {
  @EventHandler('order.placed.v1')
  async quote(event: EventEnvelope<{ orderId: string }>): Promise<never> {
    process.stdout.write(`handling ${event.data.orderId}\n`);
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    throw new Error(`held ${event.data.orderId} for ${holdMs} ms and was not killed`);
  }
}

async function main(): Promise<void> {
  const database = new PostgresDatabase(setting('DATABASE_URL'), 32);
  @Module({
    imports: [
      KafkaModule.forRoot({
        brokers: testBrokers(),
        client: testClient(),
        registry: orderRegistry,
        createTopics: true,
        topicPrefix: setting('REPLIER_TOPIC_PREFIX'),
        clientId: 'replier-held',
        consumer: {
          groupId: setting('REPLIER_GROUP_ID'),
          retryDelaysMs: [],
          database,
          commitIntervalMs: 50,
          sessionTimeoutMs: Number(setting('REPLIER_SESSION_TIMEOUT_MS')),
        },
      }),
    ],
    providers: [HeldQuoteHandler],
  })
  class ReplierModule {}
  const app = await NestFactory.createApplicationContext(ReplierModule, { logger: ['error', 'warn'] });
  await app.init();
  await waitFor('the replier in its group', () => app.get(ConsumerRuntime).ready, { timeoutMs: 60_000 });
  process.stdout.write('ready\n');
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`held replier failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
