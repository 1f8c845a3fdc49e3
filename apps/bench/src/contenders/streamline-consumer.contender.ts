import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext, KafkaModule } from '@streamline/kafka';
import { OrderPlacedV1, orderRegistry } from '@streamline/orders';
import { seqOfValue } from '../support/bench-records';
import { ContenderParams, ContenderResult, resultOf, until } from './contender';
import { HandledCounter } from './handled-counter';

@Injectable()
class BenchOrderHandler {
  constructor(private readonly counter: HandledCounter) {}

  @EventHandler('order.placed.v1')
  async handle(event: EventEnvelope<OrderPlacedV1>, context: HandlerContext): Promise<void> {
    await this.counter.handle(context.key ?? '', this.counter.checksOrder ? seqOfValue(event.data) : undefined);
  }
}

/** Streamline's consumer runtime at its defaults (or another key concurrency), with a handler that counts (and awaits, for I/O-bound runs). */
export async function streamlineConsumer(params: ContenderParams): Promise<ContenderResult> {
  const counter = new HandledCounter(params.handlerDelayMs);
  @Module({ providers: [{ provide: HandledCounter, useValue: counter }, BenchOrderHandler] })
  class HandlersModule {}
  const app = await NestFactory.createApplicationContext(
    {
      module: HandlersModule,
      imports: [
        KafkaModule.forRoot({
          brokers: params.brokers,
          client: params.client,
          clientId: 'bench-streamline',
          topicPrefix: params.topicPrefix,
          registry: orderRegistry,
          consumer: { groupId: params.groupId, fromBeginning: true, ...(params.keyConcurrency ? { keyConcurrency: params.keyConcurrency } : {}) },
        }),
      ],
    },
    { logger: ['error', 'warn'] },
  );
  await until(() => counter.handled >= params.count);
  const result = resultOf(counter.handled, counter.firstAt, counter.lastAt, { orderViolations: counter.order.violations });
  await app.close();
  return result;
}
