// The exactly-once spec's consume-transform-produce service, in a process of its own so that the
// spec can kill it with SIGKILL mid-transaction. Started by exactly-once-process.ts (node with
// ts-register.js); configured by the environment read below. For every order.paid.v1 it handles,
// it emits one order.shipped.v1 of the same order through `context.emit`. Prints `ready` once it
// is in its group and `handled <n>` every 100 events. Leaves when its parent goes away (stdin closes).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerRuntime, EventHandler, HandlerContext, KafkaModule } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { testClient } from './test-broker';
import { waitFor } from './wait-for';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

let handled = 0;

@Injectable()
class ShippingHandler {
  @EventHandler('order.paid.v1')
  async ship(event: EventEnvelope<{ orderId: string; paymentId: string }>, context: HandlerContext): Promise<void> {
    // A little work per event, so that a kill lands while transactions are open.
    await new Promise((resolve) => setTimeout(resolve, 2));
    context.emit!({
      type: 'order.shipped.v1',
      data: { orderId: event.data.orderId, carrier: 'EOS', trackingNumber: `T-${event.data.paymentId}`, shippedAt: '2026-11-24T08:00:00Z' },
    });
    if (++handled % 100 === 0) process.stdout.write(`handled ${handled}\n`);
  }
}

async function main(): Promise<void> {
  @Module({
    imports: [
      KafkaModule.forRoot({
        brokers: setting('EOS_BROKERS').split(','),
        client: testClient(),
        registry: orderRegistry,
        topicPrefix: setting('EOS_TOPIC_PREFIX'),
        clientId: 'exactly-once-spec',
        consumer: {
          groupId: setting('EOS_GROUP_ID'),
          retryDelaysMs: [],
          commitIntervalMs: 50,
          sessionTimeoutMs: 10_000,
          exactlyOnce: { transactionalId: setting('EOS_TRANSACTIONAL_ID'), transactionTimeoutMs: 10_000 },
        },
      }),
    ],
    providers: [ShippingHandler],
  })
  class ShippingModule {}
  const app = await NestFactory.createApplicationContext(ShippingModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.init();
  await waitFor('the service in its group', () => app.get(ConsumerRuntime).ready, { timeoutMs: 90_000 });
  process.stdout.write('ready\n');
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`exactly-once service failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
