import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEnvelope } from '@streamline/schemas';
import { EventHandler, HandlerContext, KafkaModule } from '@streamline/kafka';
import { OrderPlacedV1, orderRegistry } from '@streamline/orders';
import { seqOfValue } from '../support/bench-records';
import { ContenderParams, ContenderResult, resultOf } from './contender';
import { HandledCounter } from './handled-counter';

/** What a group member tells the orchestrator over IPC. */
export type MemberMessage = { kind: 'booted' } | { kind: 'progress'; handled: number };

@Injectable()
class MemberOrderHandler {
  constructor(private readonly counter: HandledCounter) {}

  @EventHandler('order.placed.v1')
  async handle(event: EventEnvelope<OrderPlacedV1>, context: HandlerContext): Promise<void> {
    await this.counter.handle(context.key ?? '', seqOfValue(event.data));
  }
}

/**
 * One of N Streamline consumer processes in one group (scale-out scenario). It joins when the
 * orchestrator says `go` (so the N members join together), reports its handled count, and stops
 * when told `stop`, once the group as a whole has handled the backlog. Its times are wall-clock
 * (`performance.timeOrigin` + now), so the orchestrator can take the group's span across processes.
 */
export async function streamlineGroupMember(params: ContenderParams): Promise<ContenderResult> {
  const send = (message: MemberMessage) => process.send?.(message);
  const inbox = (kind: string) => new Promise<void>((resolve) => process.on('message', (m) => m === kind && resolve()));
  const go = inbox('go');
  const stop = inbox('stop');
  const counter = new HandledCounter(params.handlerDelayMs);
  @Module({ providers: [{ provide: HandledCounter, useValue: counter }, MemberOrderHandler] })
  class HandlersModule {}
  send({ kind: 'booted' });
  await go;
  const app = await NestFactory.createApplicationContext(
    {
      module: HandlersModule,
      imports: [
        KafkaModule.forRoot({
          brokers: params.brokers,
          clientId: 'bench-scale-out',
          topicPrefix: params.topicPrefix,
          registry: orderRegistry,
          consumer: { groupId: params.groupId, fromBeginning: true, keyConcurrency: params.keyConcurrency ?? 1 },
        }),
      ],
    },
    { logger: ['error', 'warn'] },
  );
  const progress = setInterval(() => send({ kind: 'progress', handled: counter.handled }), 50);
  await stop;
  clearInterval(progress);
  const wall = (t: number) => (t ? performance.timeOrigin + t : 0);
  const result = resultOf(counter.handled, counter.firstAt, counter.lastAt, {
    orderViolations: counter.order.violations,
    details: { firstAtMs: wall(counter.firstAt), lastAtMs: wall(counter.lastAt) },
  });
  await app.close();
  process.disconnect?.();
  return result;
}
