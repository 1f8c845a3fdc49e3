import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { seqOfValue } from '../support/bench-records';
import { ContenderParams, ContenderResult, resultOf, topicOf, until } from './contender';
import { HandledCounter } from './handled-counter';

/** NestJS's built-in Kafka transport at its defaults: an `@EventPattern` handler on the topic. */
export async function nestTransportConsumer(params: ContenderParams): Promise<ContenderResult> {
  const counter = new HandledCounter(params.handlerDelayMs);

  // The pattern is the topic, known only at run time, so the controller is declared here.
  @Controller()
  class OrdersEventsController {
    @EventPattern(topicOf(params))
    async placed(@Payload() data: { customerId: string }, @Ctx() context: KafkaContext): Promise<void> {
      const key = String(context.getMessage().key);
      await counter.handle(key, counter.checksOrder ? seqOfValue(data) : undefined);
    }
  }
  @Module({ controllers: [OrdersEventsController] })
  class NestBenchModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NestBenchModule, {
    logger: ['error', 'warn'],
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-nest', brokers: params.brokers, logLevel: logLevel.WARN },
      consumer: { groupId: params.groupId },
      subscribe: { fromBeginning: true },
    },
  });
  await app.listen();
  await until(() => counter.handled >= params.count);
  const result = resultOf(counter.handled, counter.firstAt, counter.lastAt, { orderViolations: counter.order.violations });
  await app.close();
  return result;
}
