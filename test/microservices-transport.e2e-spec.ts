import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientsModule } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { ConsumerRuntime, RemoteHandlerError } from '@streamline/kafka';
import { StreamlineClient, StreamlineServer } from '@streamline/kafka/transport';
import { orderRegistry } from '@streamline/orders';
import { createEnvelope, DEAD_LETTER_HEADERS, deadLetterTopicFor, encodeEnvelope, SchemaValidationError } from '@streamline/schemas';
import { kafka, readTopic } from './support/consumer-fixtures';
import { NoCancellingOnHold, OrderBook, OrdersController } from './support/orders-microservice.controller';
import { orderPlacedData } from './support/orders';
import { randomName } from './support/random-names';
import { testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** A @nestjs/microservices app, unchanged but for its transport, on Streamline's runtime against a real broker. */
describe('@nestjs/microservices on StreamlineServer and StreamlineClient', () => {
  const prefix = `${randomName('ms')}.`;
  const group = randomName('ms-orders');
  const kafkaOptions = () => ({ brokers: testBrokers(), client: testClient(), registry: orderRegistry, createTopics: true, topicPrefix: prefix });
  let service: INestMicroservice;
  let server: StreamlineServer;
  let requesterApp: INestApplicationContext;
  let client: ClientProxy;
  let book: OrderBook;

  beforeAll(async () => {
    @Module({ controllers: [OrdersController], providers: [OrderBook, NoCancellingOnHold] })
    class OrdersServiceModule {}
    server = new StreamlineServer({ ...kafkaOptions(), consumer: { groupId: group, retryDelaysMs: [200], fromBeginning: true }, logger: ['error'] });
    service = await NestFactory.createMicroservice(OrdersServiceModule, { strategy: server, logger: ['error'] });
    await service.listen();
    book = service.get(OrderBook);

    @Module({ imports: [ClientsModule.register([{ name: 'STREAMLINE', customClass: StreamlineClient, options: { ...kafkaOptions(), logger: ['error'] } }])] })
    class RequesterModule {}
    requesterApp = await NestFactory.createApplicationContext(RequesterModule, { logger: ['error'] });
    await requesterApp.init();
    client = requesterApp.get<ClientProxy>('STREAMLINE');
    await waitFor('the service in its group', () => server.unwrap<INestApplicationContext>().get(ConsumerRuntime).ready);
  });
  afterAll(async () => {
    await requesterApp?.close();
    await service?.close();
  });

  it('hands events emitted for several orders to the @EventPattern handler in order per order id', async () => {
    const orderIds = Array.from({ length: 6 }, () => randomUUID());
    const perOrder = 8;
    for (let seq = 0; seq < perOrder; seq++) {
      for (const orderId of orderIds) {
        const data = orderPlacedData(orderId, seq);
        await lastValueFrom(client.emit('order.placed.v1', { ...data, items: [{ ...data.items[0], sku: `SKU-${seq}` }] }));
      }
    }
    await waitFor('every event handled', () => orderIds.every((id) => (book.placed.get(id)?.length ?? 0) >= perOrder));
    for (const orderId of orderIds) {
      const seen = book.placed.get(orderId)!;
      expect(seen.map((s) => s.sku)).toEqual(Array.from({ length: perOrder }, (_, seq) => `SKU-${seq}`));
      expect(seen.every((s) => s.key === orderId && s.attempt === 1)).toBe(true);
    }
  });

  it('fails an emit of invalid data on the Observable, naming the field', async () => {
    const error = await lastValueFrom(client.emit('order.placed.v1', { ...orderPlacedData(), orderId: 'not-a-uuid' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).fields.map((f) => f.field)).toEqual(['orderId']);
  });

  it('dead-letters a record whose data is invalid, without calling the handler', async () => {
    const orderId = randomUUID();
    const valid = encodeEnvelope(
      orderRegistry,
      createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/legacy-system', data: orderPlacedData(orderId) }),
    );
    const producer = kafka().producer();
    await producer.connect();
    try {
      // Written around the producer's validation, as a legacy client would: no items, an unknown currency.
      const value = JSON.stringify({ ...orderPlacedData(orderId), items: [], currency: 'euro' });
      await producer.send({ topic: `${prefix}orders`, acks: -1, messages: [{ key: orderId, value, headers: valid.headers }] });
    } finally {
      await producer.disconnect();
    }
    const deadLetters = await readTopic(deadLetterTopicFor(`${prefix}orders`, group), (records) => records.some((r) => r.key === orderId));
    const dead = deadLetters.find((r) => r.key === orderId)!;
    expect(dead.headers.ce_id).toBe(valid.headers.ce_id);
    expect(dead.headers[DEAD_LETTER_HEADERS.reason]).toBe('invalid-data');
    expect(dead.headers[DEAD_LETTER_HEADERS.message]).toMatch(/currency/);
    expect(book.placed.has(orderId)).toBe(false);
  });

  it("answers a request sent with StreamlineClient.send once, with the @MessagePattern handler's return value", async () => {
    const orderId = randomUUID();
    await lastValueFrom(client.emit('order.placed.v1', orderPlacedData(orderId)));
    await waitFor('the order placed', () => book.placed.has(orderId));
    const reply = await lastValueFrom(
      client.send('order.cancelled.v1', { orderId, reason: 'customer changed their mind', cancelledAt: new Date().toISOString() }),
    );
    expect(reply).toEqual({ orderId, cancelled: true, linesSeen: 1 });
    expect(book.cancellations.get(orderId)).toBe(1);
  });

  it("still applies the controller's guard: a refused request fails on the requester with the guard's message", async () => {
    const orderId = randomUUID();
    const error = await lastValueFrom(client.send('order.cancelled.v1', { orderId, reason: 'fraud hold', cancelledAt: new Date().toISOString() })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RemoteHandlerError);
    // Nest's guard throws RpcException('Forbidden resource'): retriable, so it went through the one retry tier first.
    expect(error).toMatchObject({ type: 'order.cancelled.v1', attempts: 2 });
    expect((error as Error).message).toContain("@MessagePattern('order.cancelled.v1'): Forbidden resource");
    expect(book.cancellations.has(orderId)).toBe(false);
  });
});
